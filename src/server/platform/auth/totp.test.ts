import { describe, expect, it } from 'vitest';
import { base32Decode, base32Encode, matchTotp, newTotpSecret, otpauthUri, totpCode, totpStep } from './totp.ts';

// RFC 6238 Appendix B uses the ASCII secret "12345678901234567890" (HMAC-SHA1); its 8-digit codes end in the
// 6-digit codes below (the 6-digit code is the 8-digit one modulo 10^6).
const RFC_SECRET = base32Encode(Buffer.from('12345678901234567890', 'ascii'));

describe('TOTP (RFC 6238)', () => {
  it('encodes the RFC secret in base32 and back', () => {
    expect(RFC_SECRET).toBe('GEZDGNBVGY3TQOJQGEZDGNBVGY3TQOJQ');
    expect(base32Decode(RFC_SECRET).toString('ascii')).toBe('12345678901234567890');
  });

  it('gives 287082 at T=59 (the RFC 6238 test vector, 6 digits)', () => {
    expect(totpStep(59_000)).toBe(1);
    expect(totpCode(RFC_SECRET, totpStep(59_000))).toBe('287082');
  });

  it('matches the other RFC 6238 SHA-1 vectors (last six digits)', () => {
    const vectors: [number, string][] = [
      [1111111109, '081804'],
      [1111111111, '050471'],
      [1234567890, '005924'],
      [2000000000, '279037'],
      [20000000000, '353130'],
    ];
    for (const [t, code] of vectors) expect(totpCode(RFC_SECRET, totpStep(t * 1000)), String(t)).toBe(code);
  });

  it('accepts a code one step either side of now, and nothing further or malformed', () => {
    const now = 1_700_000_000_000;
    const step = totpStep(now);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step), now)).toBe(step);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step - 1), now)).toBe(step - 1);
    expect(matchTotp(RFC_SECRET, totpCode(RFC_SECRET, step + 1), now)).toBe(step + 1);
    const far = totpCode(RFC_SECRET, step - 3);
    if (![step, step - 1, step + 1].some((s) => totpCode(RFC_SECRET, s) === far)) expect(matchTotp(RFC_SECRET, far, now)).toBeNull();
    expect(matchTotp(RFC_SECRET, '12345', now)).toBeNull();
    expect(matchTotp(RFC_SECRET, 'abcdef', now)).toBeNull();
  });

  it('makes 160-bit secrets and an otpauth URI for authenticator apps', () => {
    const s = newTotpSecret();
    expect(base32Decode(s)).toHaveLength(20);
    expect(otpauthUri(s, '张三')).toMatch(/^otpauth:\/\/totp\/Zhili:%E5%BC%A0%E4%B8%89\?secret=[A-Z2-7]+&issuer=Zhili/);
  });
});
