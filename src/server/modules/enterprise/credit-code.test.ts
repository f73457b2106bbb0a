import { describe, expect, it } from 'vitest';
import { creditCodeCheckChar, CREDIT_CODE_ALPHABET, normalizeCreditCode, validateCreditCode } from './credit-code.ts';

// Published codes of well-known companies (business licences are public), checked by hand against GB 32100.
const REAL_CODES = [
  '914403001922038216', // 华为技术有限公司
  '9144030071526726XG', // 深圳市腾讯计算机系统有限公司
  '91330100716105852F', // 阿里巴巴（中国）有限公司
  '91110108551385082Q', // 北京小米科技有限责任公司
  '91310000717866186P',
  '91110000600037341L',
];

describe('统一社会信用代码 (GB 32100-2015)', () => {
  it('has the 31-character alphabet without I, O, S, V, Z', () => {
    expect(CREDIT_CODE_ALPHABET).toHaveLength(31);
    for (const c of 'IOSVZ') expect(CREDIT_CODE_ALPHABET).not.toContain(c);
  });

  it.each(REAL_CODES)('accepts the published code %s', (code) => {
    expect(validateCreditCode(code)).toEqual({ ok: true, code });
  });

  it('computes check characters, including the 31 → 0 wrap and letters', () => {
    expect(creditCodeCheckChar('91440300192203821')).toBe('6');
    expect(creditCodeCheckChar('9144030071526726X')).toBe('G');
    // A code built so that the weighted sum is a multiple of 31: the check character is 0, not 31.
    let found = '';
    for (let n = 0; n < 100000 && !found; n++) {
      const body = `911201137${String(n).padStart(8, '0')}`;
      if (creditCodeCheckChar(body) === '0') found = body;
    }
    expect(found).not.toBe('');
    expect(validateCreditCode(`${found}0`).ok).toBe(true);
  });

  it('normalises case, spaces and full-width characters from spreadsheets', () => {
    expect(normalizeCreditCode(' 9144030071526726xg ')).toBe('9144030071526726XG');
    expect(normalizeCreditCode('９１４４０３００１９２２０３８２１６')).toBe('914403001922038216');
    expect(validateCreditCode('9144030071526726xg').ok).toBe(true);
  });

  it('names a wrong check character with the expected one', () => {
    const r = validateCreditCode('914403001922038217');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toEqual({ kind: 'check', position: 18, expected: '6', actual: '7' });
    expect(r.zh).toContain('第18位');
    expect(r.zh).toContain('“6”');
  });

  it.each([
    ['9144I300192203821G', 5, 'I'],
    ['91440300I922038216', 9, 'I'],
    ['9144030019220382O6', 17, 'O'],
    ['S14403001922038216', 1, 'S'],
    ['914403001922V38216', 13, 'V'],
    ['9144030019220Z8216', 14, 'Z'],
    ['91440300192203821-', 18, '-'],
    ['9144030019220企8216', 14, '企'],
  ])('names the bad character in %s (position %i, %s)', (code, position, char) => {
    const r = validateCreditCode(code);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.problem).toEqual({ kind: 'character', position, char });
    expect(r.zh).toContain(`第${position}位字符“${char}”`);
  });

  it('rejects empty and wrong-length codes', () => {
    expect(validateCreditCode('').ok).toBe(false);
    const short = validateCreditCode('91440300192203821');
    expect(!short.ok && short.problem).toEqual({ kind: 'length', length: 17 });
    const long = validateCreditCode('9144030019220382160');
    expect(!long.ok && long.problem).toEqual({ kind: 'length', length: 19 });
    expect(!short.ok && short.zh).toContain('应为18位');
  });

  it('requires digits in the administrative-division code (positions 3–8)', () => {
    const body = '9144A300192203821';
    const code = `${body}${creditCodeCheckChar(body)}`;
    const r = validateCreditCode(code);
    expect(!r.ok && r.problem).toEqual({ kind: 'division', position: 5, char: 'A' });
  });

  it('catches every single-character typo of a real code', () => {
    const code = REAL_CODES[1];
    let caught = 0;
    let total = 0;
    for (let i = 0; i < 18; i++) {
      for (const c of CREDIT_CODE_ALPHABET) {
        if (c === code[i]) continue;
        total++;
        if (!validateCreditCode(code.slice(0, i) + c + code.slice(i + 1)).ok) caught++;
      }
    }
    expect(caught).toBe(total);
  });

  it('catches swapped neighbouring characters', () => {
    const code = REAL_CODES[0];
    for (let i = 8; i < 16; i++) {
      if (code[i] === code[i + 1]) continue;
      const swapped = code.slice(0, i) + code[i + 1] + code[i] + code.slice(i + 2);
      expect(validateCreditCode(swapped).ok).toBe(false);
    }
  });
});
