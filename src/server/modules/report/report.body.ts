// The editable body of an annual report (法治政府建设情况报告), in the structure the national rules
// (法治政府建设与责任落实督察工作规定) and the seed report use: title; opening; 一、工作情况 with sub-sections
// （一）…; 二、存在不足 (intro and numbered items, each optionally tied to a finding rule); 三、下一年工作思路.
// Headings are stored without their numbers; rendering numbers them. Every text is a template. Pure.
import { FINDING_RULES, type FindingRule } from '../assessment/index.ts';
import { parseTemplate, TemplateError } from './report.template.ts';

export interface WorkSection {
  /** A stable key (leadership, business, governance, education, or one the office adds). */
  key: string;
  heading: string;
  paragraphs: string[];
  /** The section that reports how the principal leaders performed their duty as first responsible persons. */
  leadersDuty?: boolean;
}

export interface ReportItem {
  text: string;
  /** The finding rule this item comes from (its evidence is linked), if any. */
  finding?: FindingRule | null;
}

export interface ReportBody {
  title: string;
  opening: string[];
  work: { heading: string; sections: WorkSection[] };
  shortcomings: { heading: string; intro: string[]; items: ReportItem[] };
  plans: { heading: string; intro: string[]; items: ReportItem[] };
}

/** One text of the body with its place, for validation, diff and rendering. */
export interface BodyText {
  path: string;
  label: string;
  role: 'title' | 'heading1' | 'heading2' | 'paragraph' | 'item';
  text: string;
  finding?: FindingRule | null;
  /** Section key for work sections. */
  section?: string;
}

const CN_NUMBERS = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十', '十一', '十二', '十三', '十四', '十五', '十六', '十七', '十八', '十九', '二十'];
export const cnNumber = (i: number): string => CN_NUMBERS[i] ?? String(i + 1);

/** Every text of the body in reading order. */
export function bodyTexts(b: ReportBody): BodyText[] {
  const out: BodyText[] = [{ path: 'title', label: '标题', role: 'title', text: b.title }];
  b.opening.forEach((text, i) => out.push({ path: `opening.${i}`, label: `开头第${i + 1}段`, role: 'paragraph', text }));
  out.push({ path: 'work.heading', label: '一级标题一', role: 'heading1', text: b.work.heading });
  b.work.sections.forEach((s, si) => {
    out.push({ path: `work.sections.${si}.heading`, label: `（${cnNumber(si)}）标题`, role: 'heading2', text: s.heading, section: s.key });
    s.paragraphs.forEach((text, pi) =>
      out.push({ path: `work.sections.${si}.paragraphs.${pi}`, label: `（${cnNumber(si)}）第${pi + 1}段`, role: 'paragraph', text, section: s.key }),
    );
  });
  out.push({ path: 'shortcomings.heading', label: '一级标题二', role: 'heading1', text: b.shortcomings.heading });
  b.shortcomings.intro.forEach((text, i) => out.push({ path: `shortcomings.intro.${i}`, label: `存在不足引言第${i + 1}段`, role: 'paragraph', text }));
  b.shortcomings.items.forEach((it, i) =>
    out.push({ path: `shortcomings.items.${i}`, label: `存在不足第${i + 1}条`, role: 'item', text: it.text, finding: it.finding ?? null }),
  );
  out.push({ path: 'plans.heading', label: '一级标题三', role: 'heading1', text: b.plans.heading });
  b.plans.intro.forEach((text, i) => out.push({ path: `plans.intro.${i}`, label: `工作思路引言第${i + 1}段`, role: 'paragraph', text }));
  b.plans.items.forEach((it, i) => out.push({ path: `plans.items.${i}`, label: `工作思路第${i + 1}条`, role: 'item', text: it.text, finding: it.finding ?? null }));
  return out;
}

export interface BodyProblem {
  path: string;
  label: string;
  message: string;
}

/** Template errors, empty texts, unknown finding rules, duplicate section keys. */
export function checkBody(b: ReportBody): BodyProblem[] {
  const problems: BodyProblem[] = [];
  for (const t of bodyTexts(b)) {
    if (!t.text.trim()) {
      problems.push({ path: t.path, label: t.label, message: '内容不能为空' });
      continue;
    }
    try {
      parseTemplate(t.text);
    } catch (e) {
      if (e instanceof TemplateError) problems.push({ path: t.path, label: t.label, message: e.zh });
      else throw e;
    }
    if (t.finding && !(FINDING_RULES as readonly string[]).includes(t.finding)) problems.push({ path: t.path, label: t.label, message: `未知的问题规则“${t.finding}”` });
  }
  const keys = new Set<string>();
  for (const s of b.work.sections) {
    if (keys.has(s.key)) problems.push({ path: 'work.sections', label: '工作情况', message: `小节标识“${s.key}”重复` });
    keys.add(s.key);
  }
  return problems;
}

/**
 * What the national rules require a report to contain before it can be approved: the year's measures and
 * results, shortcomings, how the principal leaders performed their duty as first responsible persons, and next
 * year's plans.
 */
export function missingContents(b: ReportBody): string[] {
  const out: string[] = [];
  if (!b.work.sections.some((s) => s.paragraphs.some((p) => p.trim()))) out.push('工作情况（年度主要举措和成效）');
  if (b.shortcomings.items.length === 0) out.push('存在的不足');
  const duty = b.work.sections.filter((s) => s.leadersDuty);
  if (!duty.some((s) => s.paragraphs.some((p) => p.includes('第一责任人')))) out.push('党政主要负责人履行推进法治建设第一责任人职责情况');
  if (b.plans.items.length === 0) out.push('下一年度工作思路');
  return out;
}

/** A template that fails to parse in a stored body is reported, never thrown, when rendering. */
export function safeParse(text: string) {
  try {
    return { nodes: parseTemplate(text), error: null as string | null };
  } catch (e) {
    if (e instanceof TemplateError) return { nodes: [{ t: 'text' as const, text }], error: e.zh };
    throw e;
  }
}
