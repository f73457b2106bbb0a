// The indicator formula language: numbers, figure keys (e.g. `enterprise.collection_rate`), + − × ÷, unary
// minus and parentheses; in conditions (report templates) also one comparison (> ≥ < ≤ == !=). Parsed here by
// hand into a small tree and evaluated over a figure lookup, so no text a user types ever reaches SQL. Pure.

export type BinaryOp = '+' | '-' | '*' | '/';
export type CompareOp = '<' | '<=' | '>' | '>=' | '==' | '!=';

export type Expr =
  | { type: 'num'; value: number }
  | { type: 'fig'; key: string }
  | { type: 'neg'; arg: Expr }
  | { type: 'bin'; op: BinaryOp; left: Expr; right: Expr }
  | { type: 'cmp'; op: CompareOp; left: Expr; right: Expr };

export class ExprError extends Error {
  constructor(
    readonly zh: string,
    en: string,
    readonly position: number,
  ) {
    super(en);
    this.name = 'ExprError';
  }
}

export const MAX_FORMULA_LENGTH = 500;
const MAX_DEPTH = 40;

type Token =
  | { kind: 'num'; value: number; pos: number }
  | { kind: 'id'; value: string; pos: number }
  | { kind: 'op'; value: BinaryOp | CompareOp | '(' | ')'; pos: number }
  | { kind: 'end'; pos: number };

const OPERATOR_ALIASES: Record<string, BinaryOp | CompareOp | '(' | ')'> = {
  '+': '+', '-': '-', '−': '-', '*': '*', '×': '*', '/': '/', '÷': '/', '(': '(', ')': ')', '（': '(', '）': ')',
  '<': '<', '>': '>', '≤': '<=', '≥': '>=', '<=': '<=', '>=': '>=', '==': '==', '!=': '!=', '≠': '!=',
};

const KEY_RE = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)*/;
const NUM_RE = /^\d+(\.\d+)?/;

export function tokenize(src: string): Token[] {
  if (src.length > MAX_FORMULA_LENGTH) throw new ExprError(`公式过长（不超过${MAX_FORMULA_LENGTH}个字符）`, 'formula too long', MAX_FORMULA_LENGTH);
  const out: Token[] = [];
  let i = 0;
  while (i < src.length) {
    const ch = src[i];
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    const rest = src.slice(i);
    const num = NUM_RE.exec(rest);
    if (num) {
      out.push({ kind: 'num', value: Number(num[0]), pos: i });
      i += num[0].length;
      continue;
    }
    const key = KEY_RE.exec(rest);
    if (key) {
      out.push({ kind: 'id', value: key[0], pos: i });
      i += key[0].length;
      continue;
    }
    const two = rest.slice(0, 2);
    if (OPERATOR_ALIASES[two]) {
      out.push({ kind: 'op', value: OPERATOR_ALIASES[two], pos: i });
      i += 2;
      continue;
    }
    if (OPERATOR_ALIASES[ch]) {
      out.push({ kind: 'op', value: OPERATOR_ALIASES[ch], pos: i });
      i += 1;
      continue;
    }
    throw new ExprError(`第${i + 1}个字符“${ch}”无法识别`, `unexpected character '${ch}' at ${i + 1}`, i);
  }
  out.push({ kind: 'end', pos: src.length });
  return out;
}

const COMPARE_OPS = new Set<string>(['<', '<=', '>', '>=', '==', '!=']);

/** Parses a formula; `comparison` allows one comparison at the top (conditions in report templates). */
export function parseExpr(src: string, opts: { comparison?: boolean } = {}): Expr {
  const tokens = tokenize(src);
  let p = 0;
  const peek = () => tokens[p];
  const isOp = (v: string) => {
    const t = peek();
    return t.kind === 'op' && t.value === v;
  };
  const fail = (t: Token, zh: string, en: string): never => {
    throw new ExprError(`第${t.pos + 1}个字符处${zh}`, `${en} at ${t.pos + 1}`, t.pos);
  };

  function additive(depth: number): Expr {
    let left = term(depth);
    while (isOp('+') || isOp('-')) {
      const op = (tokens[p++] as { value: BinaryOp }).value;
      left = { type: 'bin', op, left, right: term(depth) };
    }
    return left;
  }
  function term(depth: number): Expr {
    let left = unary(depth);
    while (isOp('*') || isOp('/')) {
      const op = (tokens[p++] as { value: BinaryOp }).value;
      left = { type: 'bin', op, left, right: unary(depth) };
    }
    return left;
  }
  function unary(depth: number): Expr {
    if (depth > MAX_DEPTH) fail(peek(), '嵌套过深', 'nested too deeply');
    if (isOp('-')) {
      p++;
      return { type: 'neg', arg: unary(depth + 1) };
    }
    if (isOp('+')) {
      p++;
      return unary(depth + 1);
    }
    return primary(depth);
  }
  function primary(depth: number): Expr {
    const t = peek();
    if (t.kind === 'num') {
      p++;
      return { type: 'num', value: t.value };
    }
    if (t.kind === 'id') {
      p++;
      return { type: 'fig', key: t.value };
    }
    if (t.kind === 'op' && t.value === '(') {
      p++;
      const inner = additive(depth + 1);
      if (!isOp(')')) fail(peek(), '缺少右括号', 'missing )');
      p++;
      return inner;
    }
    if (t.kind === 'end') return fail(t, '公式不完整', 'unexpected end of formula');
    return fail(t, `不应出现“${(t as { value: string }).value}”`, `unexpected '${(t as { value: string }).value}'`);
  }

  if (peek().kind === 'end') throw new ExprError('公式为空', 'empty formula', 0);
  let root = additive(0);
  const t = peek();
  if (t.kind === 'op' && COMPARE_OPS.has(t.value)) {
    if (!opts.comparison) fail(t, '公式中不能使用比较运算', 'comparison not allowed in a formula');
    p++;
    root = { type: 'cmp', op: t.value as CompareOp, left: root, right: additive(0) };
  }
  if (peek().kind !== 'end') fail(peek(), `多余的“${(peek() as { value: string | number }).value}”`, 'unexpected trailing input');
  return root;
}

/** The figure keys a formula reads, in order of first use. */
export function figureKeysOf(e: Expr, into: string[] = []): string[] {
  switch (e.type) {
    case 'num':
      return into;
    case 'fig':
      if (!into.includes(e.key)) into.push(e.key);
      return into;
    case 'neg':
      return figureKeysOf(e.arg, into);
    case 'bin':
    case 'cmp':
      figureKeysOf(e.left, into);
      return figureKeysOf(e.right, into);
    default: {
      const never: never = e;
      throw new Error(`unhandled node ${String(never)}`);
    }
  }
}

export type Lookup = (key: string) => number | null;

/** The value, or null when a figure is missing or a divisor is 0. A comparison gives 1 or 0. */
export function evaluate(e: Expr, lookup: Lookup): number | null {
  switch (e.type) {
    case 'num':
      return e.value;
    case 'fig':
      return lookup(e.key);
    case 'neg': {
      const v = evaluate(e.arg, lookup);
      return v === null ? null : -v;
    }
    case 'bin': {
      const a = evaluate(e.left, lookup);
      const b = evaluate(e.right, lookup);
      if (a === null || b === null) return null;
      switch (e.op) {
        case '+':
          return a + b;
        case '-':
          return a - b;
        case '*':
          return a * b;
        case '/':
          return b === 0 ? null : a / b;
        default:
          throw new Error('unhandled operator');
      }
    }
    case 'cmp': {
      const a = evaluate(e.left, lookup);
      const b = evaluate(e.right, lookup);
      if (a === null || b === null) return null;
      const eps = 1e-9;
      switch (e.op) {
        case '<':
          return a < b - eps ? 1 : 0;
        case '<=':
          return a <= b + eps ? 1 : 0;
        case '>':
          return a > b + eps ? 1 : 0;
        case '>=':
          return a >= b - eps ? 1 : 0;
        case '==':
          return Math.abs(a - b) <= eps ? 1 : 0;
        case '!=':
          return Math.abs(a - b) > eps ? 1 : 0;
        default:
          throw new Error('unhandled operator');
      }
    }
    default: {
      const never: never = e;
      throw new Error(`unhandled node ${String(never)}`);
    }
  }
}

/**
 * The numerator and denominator of a ratio formula — `a / b`, or `a / b × k` / `k × a / b` for a scaled
 * rate such as a percentage — so both can be shown beside the value; null for any other shape.
 */
export function ratioParts(e: Expr, lookup: Lookup): { numerator: number | null; denominator: number | null } | null {
  if (e.type === 'bin' && e.op === '/') return { numerator: evaluate(e.left, lookup), denominator: evaluate(e.right, lookup) };
  if (e.type === 'bin' && e.op === '*') {
    if (e.right.type === 'num') return ratioParts(e.left, lookup);
    if (e.left.type === 'num') return ratioParts(e.right, lookup);
    // k × a / b parses as (k × a) / b: handled by the '/' case above.
  }
  return null;
}

const PRECEDENCE: Record<BinaryOp, number> = { '+': 1, '-': 1, '*': 2, '/': 2 };
const SHOWN: Record<BinaryOp, string> = { '+': '+', '-': '−', '*': '×', '/': '÷' };

/** A canonical text of the formula (× ÷ −, minimal parentheses), for display and storage. */
export function formatExpr(e: Expr, parentPrec = 0, rightSide = false): string {
  switch (e.type) {
    case 'num':
      return String(e.value);
    case 'fig':
      return e.key;
    case 'neg':
      return `−${formatExpr(e.arg, 3)}`;
    case 'bin': {
      const prec = PRECEDENCE[e.op];
      const text = `${formatExpr(e.left, prec)} ${SHOWN[e.op]} ${formatExpr(e.right, prec, true)}`;
      return prec < parentPrec || (rightSide && prec === parentPrec) ? `(${text})` : text;
    }
    case 'cmp':
      return `${formatExpr(e.left)} ${e.op} ${formatExpr(e.right)}`;
    default: {
      const never: never = e;
      throw new Error(`unhandled node ${String(never)}`);
    }
  }
}
