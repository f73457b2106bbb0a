// What the portal shows of a published report: its text and figures as approved, frozen at publication, with
// no links into the records and nothing about the people who wrote it. Pure.
import type { RenderedBlock, RenderedReport } from './report.render.ts';

export interface PublishedFigure {
  key: string;
  name: string;
  unit: string;
  value: number | string | null;
  numerator: number | null;
  denominator: number | null;
}

export interface PublishedReport {
  year: number;
  jurisdiction: { name: string; shortName: string };
  title: string;
  blocks: RenderedBlock[];
  figures: PublishedFigure[];
  /** The body version that was published. */
  version: number;
  publishedAt: string;
}

export function freeze(r: RenderedReport, version: number, publishedAt: Date): PublishedReport {
  return {
    year: r.year,
    jurisdiction: r.jurisdiction,
    title: r.title,
    blocks: r.blocks.map((b) => ({
      kind: b.kind,
      path: b.path,
      runs: b.runs.map((run) => (run.figure ? { text: run.text, figure: run.figure } : { text: run.text })),
    })),
    figures: r.figures.map((f) => ({ key: f.key, name: f.name, unit: f.unit, value: f.value, numerator: f.numerator, denominator: f.denominator })),
    version,
    publishedAt: publishedAt.toISOString(),
  };
}
