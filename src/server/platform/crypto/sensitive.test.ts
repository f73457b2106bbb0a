import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { SecretBox } from './secret-box.ts';
import {
  idCardCheckChar,
  isValidIdCard,
  isValidMobile,
  isValidPhone,
  maskIdCard,
  maskPhone,
  normalizePhone,
  openPersonal,
  parseIdCard,
  requireIdCard,
  requirePhone,
  sealPersonal,
} from './sensitive.ts';

/** The GB 11643-1999 check character, computed independently of the code under test (ISO 7064 MOD 11-2). */
function referenceCheck(first17: string): string {
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * (2 ** (17 - i) % 11);
  return ['1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'][sum % 11];
}
const withCheck = (first17: string) => first17 + referenceCheck(first17);

describe('ID-card numbers (GB 11643-1999)', () => {
  it('computes the check character of the standard example 11010519491231002X', () => {
    expect(idCardCheckChar('11010519491231002')).toBe('X');
    expect(isValidIdCard('11010519491231002X')).toBe(true);
    expect(isValidIdCard('11010519491231002x')).toBe(true);
  });

  it('accepts numbers whose check character is computed by the reference algorithm', () => {
    const bodies = ['12011319850612301', '12011320000229004', '44030419991231123', '65010219700101555', '81000019880808088'];
    for (const b of bodies) {
      const id = withCheck(b);
      expect(idCardCheckChar(b)).toBe(id[17]);
      expect(parseIdCard(id)).toMatchObject({ ok: true });
    }
    // The 17th digit is odd for men, even for women.
    expect(requireIdCard(withCheck('12011319850612302'))).toMatchObject({ birthDate: '1985-06-12', sex: 'female' });
    expect(requireIdCard(withCheck('12011319850612311')).sex).toBe('male');
  });

  it('refuses every wrong check character', () => {
    const body = '12011319850612301';
    const right = referenceCheck(body);
    for (const c of '0123456789X') {
      if (c === right) continue;
      expect(parseIdCard(body + c)).toEqual({ ok: false, problem: 'check_digit' });
    }
    // Known-bad: the standard example with its check digit changed.
    expect(parseIdCard('110105194912310021')).toEqual({ ok: false, problem: 'check_digit' });
  });

  it('refuses impossible birth dates, unknown regions and wrong lengths', () => {
    expect(parseIdCard(withCheck('12011319850230301'))).toEqual({ ok: false, problem: 'birth_date' }); // 30 February
    expect(parseIdCard(withCheck('12011319010229301'))).toEqual({ ok: false, problem: 'birth_date' }); // 1901 is not a leap year
    expect(parseIdCard(withCheck('12011318991231301'))).toEqual({ ok: false, problem: 'birth_date' });
    expect(parseIdCard(withCheck('12011329991231301'))).toEqual({ ok: false, problem: 'birth_date' }); // in the future
    expect(parseIdCard(withCheck('99011319850612301'))).toEqual({ ok: false, problem: 'region' });
    expect(parseIdCard('120113850612301')).toEqual({ ok: false, problem: 'format' }); // the old 15-digit form
    expect(parseIdCard('1201131985061230X1')).toEqual({ ok: false, problem: 'format' });
    expect(() => requireIdCard('120113198506123011')).toThrow(/check digit|校验/);
  });

  it('masks all but the first four and last four characters', () => {
    expect(maskIdCard('11010519491231002x')).toBe('1101**********002X');
  });
});

describe('phone numbers', () => {
  it('accepts mobiles with or without +86 and separators', () => {
    for (const p of ['13812345678', '+86 138 1234 5678', '0086-13812345678', '138-1234-5678', '19912345678']) {
      expect(normalizePhone(p)).toEqual({ value: p.includes('199') ? '19912345678' : '13812345678', kind: 'mobile' });
      expect(isValidMobile(p)).toBe(true);
    }
  });

  it('accepts landlines with an area code and service numbers', () => {
    expect(normalizePhone('022-26391234')).toEqual({ value: '022-26391234', kind: 'landline' });
    expect(normalizePhone('02226391234')).toEqual({ value: '022-26391234', kind: 'landline' });
    expect(normalizePhone('010-6512345-801')).toEqual({ value: '010-6512345-801', kind: 'landline' });
    expect(normalizePhone('0571-87654321')).toEqual({ value: '0571-87654321', kind: 'landline' });
    expect(normalizePhone('400 123 4567')).toEqual({ value: '400-123-4567', kind: 'service' });
    expect(isValidMobile('022-26391234')).toBe(false);
  });

  it('refuses what is not a phone number', () => {
    for (const p of ['12812345678', '1381234567', '138123456789', '26391234', '022-0391234', 'abc', '', '13812345678a']) {
      expect(isValidPhone(p), p).toBe(false);
    }
    expect(() => requirePhone('12345')).toThrow();
    expect(() => requirePhone('022-26391234', 'phone', { mobileOnly: true })).toThrow();
    expect(requirePhone(' 138 1234 5678 ')).toBe('13812345678');
  });

  it('masks the middle of a mobile and the local part of a landline', () => {
    expect(maskPhone('13812345678')).toBe('138****5678');
    expect(maskPhone('+86 138-1234-5678')).toBe('138****5678');
    expect(maskPhone('022-26391234')).toBe('022-****1234');
    expect(maskPhone('12')).toBe('**');
  });
});

describe('sealPersonal', () => {
  const box = new SecretBox(randomBytes(32));

  it('encrypts, masks and indexes the normalised value', () => {
    const a = sealPersonal(box, '+86 138 1234 5678');
    const b = sealPersonal(box, '13812345678', 'phone');
    expect(a.masked).toBe('138****5678');
    expect(a.enc).not.toContain('13812345678');
    expect(a.enc).not.toBe(b.enc); // a fresh IV each time
    expect(a.index).toBe(b.index); // but the same lookup key
    expect(openPersonal(box, a.enc)).toBe('13812345678');
  });

  it('detects ID-card numbers and masks other values generically', () => {
    const id = sealPersonal(box, '11010519491231002x');
    expect(id.masked).toBe('1101**********002X');
    expect(openPersonal(box, id.enc)).toBe('11010519491231002X');
    expect(id.index).toBe(sealPersonal(box, '11010519491231002X', 'id_card').index);
    expect(sealPersonal(box, '6222020200112233', 'other').masked).toBe('6**************3');
  });
});
