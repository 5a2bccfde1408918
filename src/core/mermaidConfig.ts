/**
 * How Mermaid draws lectern's diagrams, at build time and in the lazy fallback alike.
 *
 * Colours are CSS variables (`--diagram-*`, set per theme in themes/diagrams.css) resolved by the
 * page, so one SVG serves every theme and `?theme=` switches diagrams with the rest of the deck.
 * Mermaid's own colours are only a starting point: every shape and text of every diagram type
 * is recoloured here, because Mermaid bakes its theme's colours into the SVG as plain values.
 */

/** Colours that cycle through sections, slices and bars; themes/diagrams.css defines as many. */
export const DIAGRAM_ACCENTS = 4;

/** Mermaid numbers sections and slices from 0 up to this; each gets an accent, cycling. */
const NUMBERED = 12;

const FONT_FAMILY = 'Inter, "DejaVu Sans", Arial, sans-serif';

const accent = (n: number) => `var(--diagram-accent-${n % DIAGRAM_ACCENTS})`;

/** One rule per numbered class: `.section-0 …`, `.section-1 …`, each with its accent fill. */
function numbered(selector: (n: number) => string, body: (n: number) => string): string {
  return Array.from({ length: NUMBERED }, (_, n) => `${selector(n)} { ${body(n)} }`).join('\n');
}

/** The fill of a shape in an accent colour, and its text in the colour readable on accents. */
const onAccent = 'fill: var(--diagram-on-accent) !important; color: var(--diagram-on-accent) !important;';
const accentShape = (n: number) =>
  `fill: ${accent(n)} !important; stroke: var(--diagram-accent-stroke) !important; stroke-width: var(--diagram-stroke-width) !important;`;

const THEME_CSS = `
  * { filter: none !important; }
  /* Mermaid gives some types their own fonts (journey: Open Sans, trebuchet); the deck has one. */
  text, tspan { font-family: ${FONT_FAMILY} !important; }
  /* Class multiplicities are 11 px by default: unreadable from the back of a room. */
  .edgeTerminals { font-size: 16px !important; }

  text, tspan, .label, .nodeLabel, .edgeLabel, .legend, .messageText, .noteText, .loopText, .labelText,
  .titleText, .pieTitleText, .sectionTitle, .taskTextOutsideRight, .taskTextOutsideLeft {
    fill: var(--diagram-text) !important; color: var(--diagram-text) !important; }

  /* Boxes: flowchart, class, state, ER nodes and sequence actors. */
  .node rect, .node polygon, .node circle, .node path, .node ellipse, rect.actor, .labelBox, .activation0, .activation1, .activation2 {
    fill: var(--diagram-fill) !important; stroke: var(--diagram-stroke) !important; stroke-width: var(--diagram-stroke-width) !important; }
  .cluster rect { fill: var(--diagram-cluster) !important; stroke: var(--diagram-line) !important; stroke-width: var(--diagram-stroke-width) !important; }
  .cluster-label text, .cluster text, .cluster-label tspan { fill: var(--diagram-muted) !important; }
  .row-rect-odd path, .row-rect-odd rect { fill: var(--diagram-fill) !important; }
  .row-rect-even path, .row-rect-even rect { fill: var(--diagram-fill-alt) !important; }
  .node .divider, .node .divider path { stroke: var(--diagram-stroke) !important; }
  .note, rect.note { fill: var(--diagram-note) !important; stroke: var(--diagram-note-stroke) !important; stroke-width: var(--diagram-stroke-width) !important; }
  .state-start, .state-end, .node circle.state-start, .node circle.state-end { fill: var(--diagram-line) !important; stroke: var(--diagram-line) !important; }
  .node .label rect, .node rect.background { fill: none !important; stroke: none !important; }

  /* Lines, arrows and their labels. */
  .flowchart-link, .edgePath path, .edgePaths path, path.relation, .transition, .relationshipLine, .messageLine0, .messageLine1,
  .actor-line, .loopLine, .task-line, .lineWrapper line, .edge, path.edge {
    stroke: var(--diagram-line) !important; stroke-width: var(--diagram-line-width) !important; }
  marker path, .marker, .arrowheadPath, #arrowhead path, .arrowMarkerPath { fill: var(--diagram-line) !important; stroke: var(--diagram-line) !important; }
  .marker.er, .marker.er path { fill: none !important; }
  .marker.er circle { fill: var(--diagram-label-bg) !important; stroke: var(--diagram-line) !important; }
  .edgeLabel rect, .labelBkg, .edgeLabel .background, .relationshipLabelBox { fill: var(--diagram-label-bg) !important; opacity: 1 !important; }
  .edgeLabel .label rect { fill: var(--diagram-label-bg) !important; }

  /* Gantt: bars in accents over plain bands, axis in the line colour. */
  .section { opacity: 1 !important; stroke: none !important; }
  .section0, .section2 { fill: var(--diagram-band) !important; }
  .section1, .section3 { fill: var(--diagram-band-alt) !important; }
  ${numbered(
    (n) => `.task${n}, .active${n}, .done${n}, .crit${n}, .activeCrit${n}, .doneCrit${n}`,
    (n) => accentShape(n),
  )}
  .crit0, .crit1, .crit2, .crit3, .activeCrit0, .activeCrit1, .activeCrit2, .activeCrit3 { stroke: var(--diagram-crit) !important; stroke-width: calc(var(--diagram-stroke-width) * 2) !important; }
  .taskText, .taskText0, .taskText1, .taskText2, .taskText3 { ${onAccent} }
  .taskTextOutsideRight, .taskTextOutsideLeft, .sectionTitle, .sectionTitle0, .sectionTitle1, .sectionTitle2, .sectionTitle3 { fill: var(--diagram-text) !important; }
  .grid .tick line, .grid .domain { stroke: var(--diagram-grid) !important; opacity: 1 !important; }
  .grid .tick text { fill: var(--diagram-text) !important; font-size: 16px !important; }
  .today { stroke: var(--diagram-crit) !important; }

  /* Pie: slices and their legend swatches in accents, in the same order. */
  .pieOuterCircle { stroke: var(--diagram-line) !important; fill: none !important; }
  .pieCircle { opacity: 1 !important; }
  ${numbered(
    (n) => `.pieCircle:nth-of-type(${NUMBERED}n+${n + 1})`,
    (n) => accentShape(n),
  )}
  ${numbered(
    (n) => `.legend:nth-of-type(${NUMBERED}n+${n + 2}) rect`,
    (n) => accentShape(n),
  )}
  text.slice { ${onAccent} }

  /* Mindmap and timeline: each branch or period in its accent; the root in the plain box colour. */
  ${numbered(
    (n) => `.section-${n} rect, .section-${n} path, .section-${n} circle, .section-${n} polygon, .section-${n} ellipse`,
    (n) => accentShape(n),
  )}
  ${numbered(
    (n) => `.section-${n} text, .section-${n} tspan`,
    () => onAccent,
  )}
  ${numbered(
    (n) => `.section-edge-${n}`,
    () => 'stroke: var(--diagram-line) !important; stroke-width: var(--diagram-line-width) !important;',
  )}
  .timeline-node.section--1 path, .timeline-node.section--1 rect { ${accentShape(DIAGRAM_ACCENTS - 1)} }
  .timeline-node.section--1 text, .timeline-node.section--1 tspan { ${onAccent} }
  /* Timeline boxes have a fixed width and the diagram is tall: larger type keeps it readable. */
  .timeline-node text, .timeline-node tspan { font-size: 20px !important; }
  .section-root rect, .section-root path, .section-root circle {
    fill: var(--diagram-fill) !important; stroke: var(--diagram-stroke) !important; stroke-width: var(--diagram-stroke-width) !important; }
  .section-root text, .section-root tspan { fill: var(--diagram-text) !important; }
  ${numbered(
    (n) => `line.node-line-${n}`,
    () => 'stroke: var(--diagram-accent-stroke) !important;',
  )}
  line.node-line--1 { stroke: var(--diagram-accent-stroke) !important; }

  /* User journey: sections and tasks in accents, faces in the box colour. */
  ${numbered(
    (n) => `rect.section-type-${n}, rect.task-type-${n}`,
    (n) => accentShape(n),
  )}
  text.legend { font-size: 20px !important; }
  ${numbered(
    (n) => `text.section-type-${n}, text.task-type-${n}`,
    () => onAccent,
  )}
  text.task, text.task tspan { ${onAccent} }
  line[marker-end] { stroke: var(--diagram-line) !important; stroke-width: var(--diagram-line-width) !important; }
  .face { fill: var(--diagram-fill) !important; stroke: var(--diagram-line) !important; }
  .face + g circle, .mouth { fill: var(--diagram-line) !important; stroke: var(--diagram-line) !important; }
  ${numbered(
    (n) => `circle.actor-${n}`,
    (n) => accentShape(n),
  )}
`;

export const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'base',
  securityLevel: 'strict',
  // SVG text rather than HTML in foreignObject: it prints as real, selectable PDF text.
  htmlLabels: false,
  fontFamily: FONT_FAMILY,
  fontSize: 16,
  // No grey drop-shadow: on a dark slide it shows as a halo around every box.
  themeVariables: {
    dropShadow: 'none',
    fontFamily: FONT_FAMILY,
    fontSize: '16px',
    pieSectionTextSize: '17px',
    pieLegendTextSize: '17px',
    pieTitleTextSize: '20px',
  },
  // Wider wrapping than Mermaid's 200 px: two-word labels stay on one line, and no word is ever cut.
  flowchart: { htmlLabels: false, useMaxWidth: true, curve: 'basis', wrappingWidth: 260 },
  sequence: {
    useMaxWidth: true,
    mirrorActors: false,
    actorFontSize: 16,
    messageFontSize: 16,
    noteFontSize: 16,
    actorFontFamily: FONT_FAMILY,
    messageFontFamily: FONT_FAMILY,
    noteFontFamily: FONT_FAMILY,
  },
  class: { useMaxWidth: true },
  state: { useMaxWidth: true },
  er: { useMaxWidth: true, fontSize: 16 },
  gantt: {
    useMaxWidth: true,
    useWidth: 880,
    fontSize: 16,
    sectionFontSize: 16,
    barHeight: 30,
    barGap: 8,
    topPadding: 56,
    leftPadding: 130,
    gridLineStartPadding: 40,
    numberSectionStyles: DIAGRAM_ACCENTS,
  },
  pie: { useMaxWidth: true },
  mindmap: { useMaxWidth: true, padding: 14 },
  timeline: { useMaxWidth: true },
  // Journey boxes have a fixed size and never wrap: wide enough for 20 px task names.
  journey: {
    useMaxWidth: true,
    textPlacement: 'text',
    taskFontSize: 20,
    taskFontFamily: FONT_FAMILY,
    width: 180,
    height: 56,
    taskMargin: 16,
    diagramMarginX: 20,
    titleFontFamily: FONT_FAMILY,
    titleFontSize: '24px',
    titleColor: 'currentColor',
  },
  themeCSS: THEME_CSS,
};
