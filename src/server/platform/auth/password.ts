// Password hashing with scrypt (memory-hard, from node:crypto) and the password policy of 等保 2.0 level 3.
import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

const scrypt = (pw: string, salt: Buffer, len: number, opts: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(pw, salt, len, opts, (e, k) => (e ? reject(e) : resolve(k))));

// N=2^15, r=8 → 32 MiB per hash: slow for an attacker, ~50 ms here.
const PARAMS = { N: 32768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 };
const KEYLEN = 32;

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password.normalize('NFKC'), salt, KEYLEN, PARAMS);
  return `scrypt$${PARAMS.N}$${PARAMS.r}$${PARAMS.p}$${salt.toString('base64')}$${key.toString('base64')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [, n, r, p, saltB64, keyB64] = parts;
  const expected = Buffer.from(keyB64, 'base64');
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(saltB64, 'base64'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: 64 * 1024 * 1024,
  });
  return key.length === expected.length && timingSafeEqual(key, expected);
}

/** A hash of a random password, checked against when the user does not exist so that timing reveals nothing. */
let dummyHash: Promise<string> | null = null;
export function dummyPasswordHash(): Promise<string> {
  dummyHash ??= hashPassword(randomBytes(16).toString('hex'));
  return dummyHash;
}

export interface PasswordProblem {
  code: string;
  zh: string;
  en: string;
}

/**
 * At least 10 characters from at least three of: lower case, upper case, digits, symbols; not containing
 * the user name; not one of a few notorious passwords.
 */
export function checkPasswordPolicy(password: string, username = ''): PasswordProblem[] {
  const problems: PasswordProblem[] = [];
  if (password.length < 10) problems.push({ code: 'too_short', zh: '密码至少 10 位', en: 'At least 10 characters' });
  if (password.length > 128) problems.push({ code: 'too_long', zh: '密码不超过 128 位', en: 'At most 128 characters' });
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^A-Za-z0-9]/].filter((re) => re.test(password)).length;
  if (classes < 3) {
    problems.push({
      code: 'too_simple',
      zh: '密码须包含大写字母、小写字母、数字、符号中的至少三类',
      en: 'Use at least three of: upper case, lower case, digits, symbols',
    });
  }
  if (username && password.toLowerCase().includes(username.toLowerCase())) {
    problems.push({ code: 'contains_username', zh: '密码不能包含用户名', en: 'Must not contain the user name' });
  }
  const common = ['password', 'passw0rd', '12345678', 'qwerty', 'admin123', 'abc123', '11111111'];
  if (common.some((c) => password.toLowerCase().includes(c))) {
    problems.push({ code: 'too_common', zh: '密码过于常见', en: 'Too common' });
  }
  return problems;
}

/** A random password that satisfies the policy (for the first administrator and resets). */
export function generatePassword(): string {
  const alphabet = 'ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnpqrstuvwxyz23456789';
  const bytes = randomBytes(14);
  let out = '';
  for (const b of bytes) out += alphabet[b % alphabet.length];
  return `${out.slice(0, 5)}-${out.slice(5, 10)}-${out.slice(10)}7a`;
}
