import { describe, expect, it } from 'vitest';
import { evaluate, ExprError, figureKeysOf, formatExpr, parseExpr, ratioParts } from './assessment.expr.ts';

const values: Record<string, number | null> = { 'a.x': 6, 'a.y': 3, 'b.z': 0, 'c.none': null };
const lookup = (k: string) => (k in values ? values[k] : null);
const run = (src: string, comparison = false) => evaluate(parseExpr(src, { comparison }), lookup);

describe('formula language', () => {
  it('respects precedence and left associativity', () => {
    expect(run('1 + 2 * 3')).toBe(7);
    expect(run('(1 + 2) * 3')).toBe(9);
    expect(run('8 / 4 / 2')).toBe(1);
    expect(run('10 - 4 - 3')).toBe(3);
    expect(run('-a.x + 10')).toBe(4);
    expect(run('2 * -3')).toBe(-6);
  });

  it('reads figure keys and accepts × ÷ − and full-width parentheses', () => {
    expect(run('a.x ÷ a.y × 100')).toBe(200);
    expect(run('（a.x − a.y）× 2')).toBe(6);
    expect(run('a.x/a.y*100')).toBe(200);
    expect(figureKeysOf(parseExpr('a.x / (a.y + a.x) * 100'))).toEqual(['a.x', 'a.y']);
  });

  it('gives no value when a figure is missing or a divisor is 0', () => {
    expect(run('a.x / b.z')).toBeNull();
    expect(run('a.x + c.none')).toBeNull();
    expect(run('unknown.key * 2')).toBeNull();
  });

  it('takes numerator and denominator from a / b and a / b × k', () => {
    expect(ratioParts(parseExpr('a.x / a.y * 100'), lookup)).toEqual({ numerator: 6, denominator: 3 });
    expect(ratioParts(parseExpr('100 * (a.x / a.y)'), lookup)).toEqual({ numerator: 6, denominator: 3 });
    expect(ratioParts(parseExpr('(a.x + a.y) / (a.y - 1)'), lookup)).toEqual({ numerator: 9, denominator: 2 });
    expect(ratioParts(parseExpr('a.x + a.y'), lookup)).toBeNull();
  });

  it('allows one comparison only in conditions', () => {
    expect(run('a.x >= 6', true)).toBe(1);
    expect(run('a.x ≥ 7', true)).toBe(0);
    expect(run('b.z == 0', true)).toBe(1);
    expect(run('a.x != 6', true)).toBe(0);
    expect(run('a.x / a.y > 1.5', true)).toBe(1);
    expect(() => parseExpr('a.x > 1')).toThrow(ExprError);
    expect(() => parseExpr('a.x > 1 > 0', { comparison: true })).toThrow(ExprError);
  });

  it.each([
    ['', '公式为空'],
    ['1 +', '公式不完整'],
    ['(1 + 2', '缺少右括号'],
    ['1 + 2)', '多余'],
    ['a.x; drop table users', '无法识别'],
    ["a.x + 'x'", '无法识别'],
    ['select(1)', '多余'],
    ['a.x ** 2', '不应出现'],
  ])('rejects %j with a Chinese reason (%s)', (src, reason) => {
    let err: unknown;
    try {
      parseExpr(src);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(ExprError);
    expect((err as ExprError).zh).toContain(reason);
  });

  it('refuses very long and very deep formulas', () => {
    expect(() => parseExpr('1+'.repeat(300) + '1')).toThrow(/too long/);
    expect(() => parseExpr(`${'-'.repeat(60)}1`)).toThrow(/nested too deeply/);
  });

  it('formats a canonical text that parses back to the same value', () => {
    for (const src of ['a.x/a.y*100', '(a.x-a.y)*2', 'a.x-(a.y-1)', 'a.x/(a.y*2)', '-(a.x+1)']) {
      const canonical = formatExpr(parseExpr(src));
      expect(run(canonical)).toBe(run(src));
    }
    expect(formatExpr(parseExpr('a.x/a.y*100'))).toBe('a.x ÷ a.y × 100');
    expect(formatExpr(parseExpr('a.x-(a.y-1)'))).toBe('a.x − (a.y − 1)');
  });
});
