/**
 * How Mermaid draws lectern's diagrams, at build time and in the lazy fallback alike.
 * Colours are CSS variables resolved by the page's theme, so one SVG serves every theme.
 */
export const MERMAID_CONFIG = {
  startOnLoad: false,
  theme: 'base',
  securityLevel: 'strict',
  // SVG text rather than HTML in foreignObject: it prints as real, selectable PDF text.
  htmlLabels: false,
  fontFamily: 'Inter, "DejaVu Sans", Arial, sans-serif',
  flowchart: { htmlLabels: false, useMaxWidth: true, curve: 'basis' },
  themeCSS: `
    .node rect, .node polygon, .node circle, .node path, .node ellipse, .cluster rect {
      fill: var(--diagram-fill) !important; stroke: var(--diagram-stroke) !important; stroke-width: 1.5px !important; }
    .flowchart-link, .edgePath path, path.relation { stroke: var(--diagram-line) !important; }
    marker path, .marker, .arrowheadPath { fill: var(--diagram-line) !important; stroke: var(--diagram-line) !important; }
    text, .label text, tspan, .nodeLabel, .edgeLabel { fill: var(--diagram-text) !important; color: var(--diagram-text) !important; }
    .edgeLabel rect, .labelBkg, .edgeLabel .background { fill: var(--diagram-label-bg) !important; opacity: 1 !important; }
    .cluster-label text, .cluster text { fill: var(--diagram-muted) !important; }
  `,
};
