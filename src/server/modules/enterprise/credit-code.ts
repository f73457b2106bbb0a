// 统一社会信用代码 (unified social credit code) per GB 32100-2015: 18 characters from a 31-character alphabet
// (digits and capital letters without I, O, S, V, Z); positions 3–8 are the administrative-division code
// (digits); the 18th is a check character over the first 17. Pure: the web pages use it for live checks too.

export const CREDIT_CODE_ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
export const CREDIT_CODE_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;

export type CreditCodeProblem =
  | { kind: 'empty' }
  | { kind: 'length'; length: number }
  | { kind: 'character'; position: number; char: string }
  | { kind: 'division'; position: number; char: string }
  | { kind: 'check'; position: 18; expected: string; actual: string };

export type CreditCodeResult = { ok: true; code: string } | { ok: false; code: string; problem: CreditCodeProblem; zh: string; en: string };

/** Trims, upper-cases and turns full-width characters (common in spreadsheets) into ASCII. */
export function normalizeCreditCode(raw: string): string {
  return raw
    .replace(/[\uFF01-\uFF5E]/g, (c) => String.fromCharCode(c.charCodeAt(0) - 0xfee0))
    .replace(/[\s\u3000]+/g, '')
    .toUpperCase();
}

/** The check character for the first 17 characters (which must already be in the alphabet). */
export function creditCodeCheckChar(first17: string): string {
  if (first17.length !== 17) throw new Error('need the first 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = CREDIT_CODE_ALPHABET.indexOf(first17[i]);
    if (v < 0) throw new Error(`character ${first17[i]} is not in the alphabet`);
    sum += v * CREDIT_CODE_WEIGHTS[i];
  }
  const c = 31 - (sum % 31);
  return CREDIT_CODE_ALPHABET[c === 31 ? 0 : c];
}

function describe(problem: CreditCodeProblem): { zh: string; en: string } {
  switch (problem.kind) {
    case 'empty':
      return { zh: '统一社会信用代码不能为空', en: 'The unified social credit code is empty' };
    case 'length':
      return {
        zh: `统一社会信用代码应为18位，实为${problem.length}位`,
        en: `The unified social credit code must have 18 characters, not ${problem.length}`,
      };
    case 'character':
      return {
        zh: `第${problem.position}位字符“${problem.char}”不是合法字符（只能是数字及除 I、O、S、V、Z 以外的大写字母）`,
        en: `Character ${problem.position} "${problem.char}" is not allowed (digits and capital letters except I, O, S, V, Z)`,
      };
    case 'division':
      return {
        zh: `第${problem.position}位字符“${problem.char}”有误：第3至8位为行政区划码，只能是数字`,
        en: `Character ${problem.position} "${problem.char}" is wrong: characters 3–8 are the administrative-division code (digits)`,
      };
    case 'check':
      return {
        zh: `第18位校验码应为“${problem.expected}”，实为“${problem.actual}”（代码有误或抄录错误）`,
        en: `Check character 18 should be "${problem.expected}", not "${problem.actual}" (mistyped code)`,
      };
    default: {
      const never: never = problem;
      throw new Error(`unhandled problem ${String(never)}`);
    }
  }
}

export function validateCreditCode(raw: string): CreditCodeResult {
  const code = normalizeCreditCode(raw);
  const fail = (problem: CreditCodeProblem): CreditCodeResult => ({ ok: false, code, problem, ...describe(problem) });
  if (code.length === 0) return fail({ kind: 'empty' });
  // Name the first bad character even when the length is also wrong: that is usually the typo.
  const chars = Array.from(code);
  for (let i = 0; i < chars.length && i < 18; i++) {
    if (!CREDIT_CODE_ALPHABET.includes(chars[i])) return fail({ kind: 'character', position: i + 1, char: chars[i] });
  }
  if (chars.length !== 18) return fail({ kind: 'length', length: chars.length });
  for (let i = 2; i < 8; i++) {
    if (!/[0-9]/.test(chars[i])) return fail({ kind: 'division', position: i + 1, char: chars[i] });
  }
  const expected = creditCodeCheckChar(code.slice(0, 17));
  if (expected !== code[17]) return fail({ kind: 'check', position: 18, expected, actual: code[17] });
  return { ok: true, code };
}

export const isValidCreditCode = (raw: string): boolean => validateCreditCode(raw).ok;
