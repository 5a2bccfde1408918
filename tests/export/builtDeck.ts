/** What the built deck says each slide holds, read from `dist/<deck>/`: the expectations for its PDF. */
import fs from 'node:fs';
import path from 'node:path';
import type { DeckManifest } from '../../src/compile/manifest.ts';
import { normalize } from './pdf.ts';

export interface BuiltSlide {
  h: number;
  title: string;
  /** Plain text of the speaker notes ('' when none). */
  notes: string;
  /** Text labels of the slide's diagrams (empty when it has none). */
  diagramLabels: string[];
}

function plainText(html: string): string {
  const text = html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&quot;/g, '"')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&');
  return normalize(text);
}

export function readManifest(distDir: string, deck: string): DeckManifest {
  return JSON.parse(fs.readFileSync(path.join(distDir, deck, 'manifest.json'), 'utf8')) as DeckManifest;
}

export function readBuiltSlides(distDir: string, deck: string): BuiltSlide[] {
  const html = fs.readFileSync(path.join(distDir, deck, 'index.html'), 'utf8');
  const manifest = readManifest(distDir, deck);
  const sections = [...html.matchAll(/<section [^>]*data-slide="(\d+)\.\d+"[^>]*>([\s\S]*?)<\/section>/g)];
  return sections.map(([, h, body]) => {
    const notes = /<aside class="notes">([\s\S]*?)<\/aside>/.exec(body!)?.[1] ?? '';
    const diagrams = [...body!.matchAll(/<div class="diagram[^"]*"[\s\S]*?<\/svg>/g)].map((m) => m[0]);
    const diagramLabels = diagrams.flatMap((svg) =>
      [...svg.matchAll(/<text[^>]*>([\s\S]*?)<\/text>/g)].map((m) => plainText(m[1]!)),
    );
    const slide = manifest.slides.find((s) => s.h === Number(h) && s.v === 0);
    return {
      h: Number(h),
      title: slide?.title ?? '',
      notes: plainText(notes),
      diagramLabels: diagramLabels.filter(Boolean),
    };
  });
}
