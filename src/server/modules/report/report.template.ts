// Report paragraph templates: plain text with `{{figure.key}}` or `{{figure.key|filter:arg}}` placeholders
// filled from the figures layer, a few variables (`{{year}}`, `{{next_year}}`, `{{jurisdiction.name}}`,
// `{{jurisdiction.short_name}}`), and `{{#if condition}}…{{else}}…{{/if}}` with a condition in the indicator
// formula language. A rendered figure keeps its key, so a reader can go to the rows behind it. Pure.
import { FIGURE_BY_KEY } from '../assessment/index.ts';
import { evaluate, ExprError, figureKeysOf, parseExpr, type Expr, type FigureSet, type FigureValue } from '../assessment/index.ts';

export const TEMPLATE_VARIABLES = ['year', 'next_year', 'prev_year', 'jurisdiction.name', 'jurisdiction.short_name'] as const;
export type TemplateVariable = (typeof TEMPLATE_VARIABLES)[number];

export const FILTERS = ['approx', 'percent', 'fixed', 'num'] as const;
export type FilterName = (typeof FILTERS)[number];

export interface Filter {
  name: FilterName;
  args: string[];
}

export type TemplateNode =
  | { t: 'text'; text: string }
  | { t: 'var'; name: TemplateVariable }
  | { t: 'fig'; key: string; filters: Filter[] }
  | { t: 'if'; cond: Expr; source: string; then: TemplateNode[]; else: TemplateNode[] };

export class TemplateError extends Error {
  constructor(
    readonly zh: string,
    en: string,
  ) {
    super(en);
    this.name = 'TemplateError';
  }
}

const MAX_TEMPLATE_LENGTH = 20_000;

/** Parses a template; unknown figures, filters and unbalanced blocks are errors. */
export function parseTemplate(src: string): TemplateNode[] {
  if (src.length > MAX_TEMPLATE_LENGTH) throw new TemplateError('段落过长', 'paragraph too long');
  const root: TemplateNode[] = [];
  // Open blocks: the node and which branch is being filled.
  const stack: { node: Extract<TemplateNode, { t: 'if' }>; inElse: boolean }[] = [];
  const target = () => (stack.length ? (stack[stack.length - 1].inElse ? stack[stack.length - 1].node.else : stack[stack.length - 1].node.then) : root);
  let i = 0;
  while (i < src.length) {
    const open = src.indexOf('{{', i);
    if (open < 0) {
      target().push({ t: 'text', text: src.slice(i) });
      break;
    }
    if (open > i) target().push({ t: 'text', text: src.slice(i, open) });
    const close = src.indexOf('}}', open + 2);
    if (close < 0) throw new TemplateError(`第${open + 1}个字符处的“{{”没有对应的“}}”`, `unclosed {{ at ${open + 1}`);
    const inner = src.slice(open + 2, close).trim();
    i = close + 2;
    if (inner.startsWith('#if ') || inner === '#if') {
      const cond = inner.slice(3).trim();
      let expr: Expr;
      try {
        expr = parseExpr(cond, { comparison: true });
      } catch (e) {
        if (e instanceof ExprError) throw new TemplateError(`条件“${cond}”有误：${e.zh}`, `bad condition '${cond}': ${e.message}`);
        throw e;
      }
      for (const k of figureKeysOf(expr)) checkFigure(k);
      const node: Extract<TemplateNode, { t: 'if' }> = { t: 'if', cond: expr, source: cond, then: [], else: [] };
      target().push(node);
      stack.push({ node, inElse: false });
    } else if (inner === 'else') {
      const top = stack[stack.length - 1];
      if (!top || top.inElse) throw new TemplateError('“{{else}}”没有对应的“{{#if}}”', 'stray {{else}}');
      top.inElse = true;
    } else if (inner === '/if') {
      if (!stack.pop()) throw new TemplateError('“{{/if}}”没有对应的“{{#if}}”', 'stray {{/if}}');
    } else {
      target().push(placeholder(inner));
    }
  }
  if (stack.length) throw new TemplateError('“{{#if}}”缺少“{{/if}}”', 'unclosed {{#if}}');
  return mergeText(root);
}

function checkFigure(key: string): void {
  if (!FIGURE_BY_KEY.has(key)) throw new TemplateError(`未知的统计项“${key}”`, `unknown figure '${key}'`);
}

function placeholder(inner: string): TemplateNode {
  const [head, ...filterParts] = inner.split('|').map((s) => s.trim());
  if ((TEMPLATE_VARIABLES as readonly string[]).includes(head)) {
    if (filterParts.length) throw new TemplateError(`变量“${head}”不能使用格式`, `variable '${head}' takes no filters`);
    return { t: 'var', name: head as TemplateVariable };
  }
  checkFigure(head);
  const filters = filterParts.map((f): Filter => {
    const [name, ...args] = f.split(':');
    if (!(FILTERS as readonly string[]).includes(name)) throw new TemplateError(`未知的格式“${name}”`, `unknown filter '${name}'`);
    return { name: name as FilterName, args };
  });
  return { t: 'fig', key: head, filters };
}

function mergeText(nodes: TemplateNode[]): TemplateNode[] {
  const out: TemplateNode[] = [];
  for (const n of nodes) {
    const last = out[out.length - 1];
    if (n.t === 'text' && last?.t === 'text') last.text += n.text;
    else if (n.t === 'if') out.push({ ...n, then: mergeText(n.then), else: mergeText(n.else) });
    else out.push(n);
  }
  return out;
}

/** The figure keys a template reads (placeholders and conditions). */
export function templateFigureKeys(nodes: TemplateNode[], into: string[] = []): string[] {
  for (const n of nodes) {
    if (n.t === 'fig' && !into.includes(n.key)) into.push(n.key);
    if (n.t === 'if') {
      for (const k of figureKeysOf(n.cond)) if (!into.includes(k)) into.push(k);
      templateFigureKeys(n.then, into);
      templateFigureKeys(n.else, into);
    }
  }
  return into;
}

// ── formatting ──

/** Rounds down to the leading digit and adds 余 (or the given word): 523 → 500余, 2150 → 2000余, 23 → 20多. */
export function approx(value: number, word = '余'): string {
  const n = Math.floor(value);
  if (n < 10) return String(n);
  const mag = 10 ** Math.floor(Math.log10(n));
  const floor = Math.floor(n / mag) * mag;
  return floor === n ? String(n) : `${floor}${word}`;
}

const trimDecimals = (v: number, digits: number) => {
  const s = v.toFixed(digits);
  return s.includes('.') ? s.replace(/0+$/, '').replace(/\.$/, '') : s;
};

/** A figure's text as the report writes it: counts whole, amounts to two decimals, rates as whole per cent. */
export function formatFigure(f: Pick<FigureValue, 'value' | 'kind'>, filters: Filter[] = []): string {
  const v = f.value;
  if (v === null) return '';
  if (typeof v === 'string') return v;
  let text: string | null = null;
  for (const flt of filters) {
    switch (flt.name) {
      case 'approx':
        text = approx(v, flt.args[0] || '余');
        break;
      case 'percent': {
        const d = Number(flt.args[0] ?? 0);
        text = `${trimDecimals(v, Number.isInteger(d) && d >= 0 && d <= 4 ? d : 0)}%`;
        break;
      }
      case 'fixed': {
        const d = Number(flt.args[0] ?? 2);
        text = v.toFixed(Number.isInteger(d) && d >= 0 && d <= 4 ? d : 2);
        break;
      }
      case 'num':
        text = trimDecimals(v, 2);
        break;
      default: {
        const never: never = flt.name;
        throw new Error(`unhandled filter ${String(never)}`);
      }
    }
  }
  if (text !== null) return text;
  switch (f.kind) {
    case 'rate':
      return `${Math.round(v)}%`;
    case 'count':
      return String(Math.round(v));
    case 'amount':
    case 'text':
      return trimDecimals(v, 2);
    default: {
      const never: never = f.kind;
      throw new Error(`unhandled kind ${String(never)}`);
    }
  }
}

// ── rendering ──

/** A piece of rendered text; a figure's piece carries its key (and what is missing, when it is). */
export interface Run {
  text: string;
  figure?: string;
  missing?: string;
  /** Text chosen by a condition: the figures the choice rests on. */
  basis?: string[];
}

export interface RenderVars {
  year: number;
  jurisdictionName: string;
  jurisdictionShortName: string;
}

function varText(name: TemplateVariable, v: RenderVars): string {
  switch (name) {
    case 'year':
      return String(v.year);
    case 'next_year':
      return String(v.year + 1);
    case 'prev_year':
      return String(v.year - 1);
    case 'jurisdiction.name':
      return v.jurisdictionName;
    case 'jurisdiction.short_name':
      return v.jurisdictionShortName;
    default: {
      const never: never = name;
      throw new Error(`unhandled variable ${String(never)}`);
    }
  }
}

export function renderNodes(nodes: TemplateNode[], figures: FigureSet, vars: RenderVars, basis?: string[]): Run[] {
  const out: Run[] = [];
  const push = (r: Run) => {
    const last = out[out.length - 1];
    if (last && !last.figure && !r.figure && !last.missing && JSON.stringify(last.basis) === JSON.stringify(r.basis)) last.text += r.text;
    else out.push(r);
  };
  for (const n of nodes) {
    switch (n.t) {
      case 'text':
        if (n.text) push(basis ? { text: n.text, basis } : { text: n.text });
        break;
      case 'var':
        push(basis ? { text: varText(n.name, vars), basis } : { text: varText(n.name, vars) });
        break;
      case 'fig': {
        const f = figures.get(n.key);
        if (!f || f.value === null) {
          const name = f?.name ?? FIGURE_BY_KEY.get(n.key)?.name ?? n.key;
          push({ text: `〔缺：${name}〕`, figure: n.key, missing: f?.missing ?? '无数据' });
        } else push({ text: formatFigure(f, n.filters), figure: n.key });
        break;
      }
      case 'if': {
        const keys = figureKeysOf(n.cond);
        const lookup = (k: string) => {
          const v = figures.get(k)?.value;
          return typeof v === 'number' ? v : null;
        };
        const v = evaluate(n.cond, lookup);
        if (v === null) {
          const missingKey = keys.find((k) => lookup(k) === null) ?? keys[0];
          const f = figures.get(missingKey);
          push({ text: `〔缺：${f?.name ?? missingKey}〕`, figure: missingKey, missing: f?.missing ?? '无数据' });
        } else {
          for (const r of renderNodes(v !== 0 ? n.then : n.else, figures, vars, keys)) push(r);
        }
        break;
      }
      default: {
        const never: never = n;
        throw new Error(`unhandled node ${String(never)}`);
      }
    }
  }
  return out;
}

export const runsText = (runs: Run[]): string => runs.map((r) => r.text).join('');
