import { describe, expect, it } from 'vitest';
import { checkPasswordPolicy, generatePassword, hashPassword, verifyPassword } from './password.ts';

const codes = (pw: string, user = '') => checkPasswordPolicy(pw, user).map((p) => p.code);

describe('password policy', () => {
  it('accepts ten or more characters from three classes', () => {
    expect(codes('Tianjin-2020')).toEqual([]);
    expect(codes('beichen2020!')).toEqual([]);
    expect(codes('BEICHEN2020x')).toEqual([]);
  });

  it('refuses short, simple, user-name-bearing and common passwords, naming each problem', () => {
    expect(codes('Ab1!')).toContain('too_short');
    expect(codes('abcdefghijk')).toEqual(['too_simple']);
    expect(codes('abcdefghij12')).toEqual(['too_simple']);
    expect(codes('Zhangwei-2020', 'zhangwei')).toEqual(['contains_username']);
    expect(codes('MyPassword1!')).toEqual(['too_common']);
    expect(codes(`Aa1!${'x'.repeat(130)}`)).toContain('too_long');
    for (const p of checkPasswordPolicy('a')) {
      expect(p.zh.length).toBeGreaterThan(0);
      expect(p.en.length).toBeGreaterThan(0);
    }
  });

  it('generates passwords that satisfy the policy and differ each time', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      const p = generatePassword();
      expect(checkPasswordPolicy(p, 'admin'), p).toEqual([]);
      seen.add(p);
    }
    expect(seen.size).toBe(200);
  });
});

describe('password hashing (scrypt)', () => {
  it('verifies the right password only, with a fresh salt per hash', async () => {
    const a = await hashPassword('Tianjin-2020');
    const b = await hashPassword('Tianjin-2020');
    expect(a).toMatch(/^scrypt\$32768\$8\$1\$/);
    expect(a).not.toBe(b);
    expect(await verifyPassword('Tianjin-2020', a)).toBe(true);
    expect(await verifyPassword('Tianjin-2021', a)).toBe(false);
    expect(await verifyPassword('Tianjin-2020', 'not-a-hash')).toBe(false);
  });

  it('treats full-width and half-width forms alike (NFKC)', async () => {
    const h = await hashPassword('Ｔianjin-2020');
    expect(await verifyPassword('Tianjin-2020', h)).toBe(true);
  });
});
