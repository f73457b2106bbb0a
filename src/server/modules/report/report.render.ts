// A report body rendered with the year's figures: numbered headings and paragraphs as runs of text, each
// figure's run carrying its key; the figures used (with their lists), and what is missing. Pure.
import type { FigureSet, FigureValue, FindingRule } from '../assessment/index.ts';
import { bodyTexts, cnNumber, safeParse, type ReportBody } from './report.body.ts';
import { renderNodes, runsText, templateFigureKeys, type RenderVars, type Run } from './report.template.ts';

export type BlockKind = 'title' | 'heading1' | 'heading2' | 'paragraph';

export interface RenderedBlock {
  kind: BlockKind;
  /** Where the text is in the body (for editing and diff), e.g. work.sections.1.paragraphs.0. */
  path: string;
  runs: Run[];
  finding?: FindingRule | null;
}

export interface RenderedReport {
  year: number;
  jurisdiction: { name: string; shortName: string };
  title: string;
  blocks: RenderedBlock[];
  /** The figures the text uses, in order of first use. */
  figures: FigureValue[];
  missing: { key: string; name: string; reason: string }[];
  templateErrors: { path: string; message: string }[];
}

/** Every figure key the body reads. */
export function bodyFigureKeys(body: ReportBody): string[] {
  const keys: string[] = [];
  for (const t of bodyTexts(body)) templateFigureKeys(safeParse(t.text).nodes, keys);
  return keys;
}

export function renderReport(body: ReportBody, figures: FigureSet, vars: RenderVars): RenderedReport {
  const blocks: RenderedBlock[] = [];
  const templateErrors: { path: string; message: string }[] = [];
  const render = (path: string, text: string): Run[] => {
    const { nodes, error } = safeParse(text);
    if (error) templateErrors.push({ path, message: error });
    return renderNodes(nodes, figures, vars);
  };
  const prefixed = (prefix: string, runs: Run[]): Run[] => {
    const first = runs[0];
    if (first && !first.figure && !first.basis) return [{ text: prefix + first.text }, ...runs.slice(1)];
    return [{ text: prefix }, ...runs];
  };
  let h1 = 0;
  let h2 = 0;
  let item = 0;
  for (const t of bodyTexts(body)) {
    switch (t.role) {
      case 'title':
        blocks.push({ kind: 'title', path: t.path, runs: render(t.path, t.text) });
        break;
      case 'heading1':
        blocks.push({ kind: 'heading1', path: t.path, runs: prefixed(`${cnNumber(h1++)}、`, render(t.path, t.text)) });
        h2 = 0;
        item = 0;
        break;
      case 'heading2':
        blocks.push({ kind: 'heading2', path: t.path, runs: prefixed(`（${cnNumber(h2++)}）`, render(t.path, t.text)) });
        break;
      case 'paragraph':
        blocks.push({ kind: 'paragraph', path: t.path, runs: render(t.path, t.text) });
        break;
      case 'item':
        blocks.push({ kind: 'paragraph', path: t.path, runs: prefixed(`${++item}、`, render(t.path, t.text)), finding: t.finding ?? null });
        break;
      default: {
        const never: never = t.role;
        throw new Error(`unhandled role ${String(never)}`);
      }
    }
  }
  const used: FigureValue[] = [];
  for (const k of bodyFigureKeys(body)) {
    const f = figures.get(k);
    if (f) used.push(f);
  }
  const missing = used.filter((f) => f.value === null).map((f) => ({ key: f.key, name: f.name, reason: f.missing ?? '无数据' }));
  return {
    year: vars.year,
    jurisdiction: { name: vars.jurisdictionName, shortName: vars.jurisdictionShortName },
    title: runsText(blocks[0]?.runs ?? []),
    blocks,
    figures: used,
    missing,
    templateErrors,
  };
}

export const blockText = (b: RenderedBlock): string => runsText(b.runs);

/** The report as plain text, one block a line, a blank line after the title. */
export function plainText(r: RenderedReport): string {
  const lines: string[] = [];
  for (const b of r.blocks) {
    lines.push(blockText(b));
    if (b.kind === 'title') lines.push('');
  }
  return `${lines.join('\n')}\n`;
}
