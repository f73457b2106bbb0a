// Personal fields (个人信息): validation of resident ID-card numbers (GB 11643-1999) and Chinese phone
// numbers, masked display, and sealing for storage (encrypted value + masked text + blind index).
// Modules store the three parts and show the masked text; the whole value is decrypted only behind a
// "reveal" that takes a reason and writes an audit row.
import { AppError } from '../errors.ts';
import type { SecretBox } from './secret-box.ts';

const ID_WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
const ID_CHECK = '10X98765432';
/** First two digits of the address code: the provinces, plus 71 Taiwan, 81 Hong Kong, 82 Macao, 83 (residence permits). */
const PROVINCES = new Set([
  11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81,
  82, 83,
]);

/** The check character (0-9 or X) of the first 17 digits, per GB 11643-1999 (ISO 7064 MOD 11-2). */
export function idCardCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new Error('need 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i++) sum += Number(first17[i]) * ID_WEIGHTS[i];
  return ID_CHECK[sum % 11];
}

export type IdCardProblem = 'format' | 'region' | 'birth_date' | 'check_digit';

export interface IdCardInfo {
  /** Upper-case, 18 characters. */
  value: string;
  birthDate: string;
  sex: 'male' | 'female';
}

export function normalizeIdCard(raw: string): string {
  return raw.replace(/\s+/g, '').toUpperCase();
}

/** Validates an 18-character resident ID-card number; returns what it encodes, or the first problem found. */
export function parseIdCard(raw: string, today: Date = new Date()): { ok: true; info: IdCardInfo } | { ok: false; problem: IdCardProblem } {
  const v = normalizeIdCard(raw);
  if (!/^\d{17}[\dX]$/.test(v)) return { ok: false, problem: 'format' };
  if (!PROVINCES.has(Number(v.slice(0, 2)))) return { ok: false, problem: 'region' };
  const y = Number(v.slice(6, 10));
  const m = Number(v.slice(10, 12));
  const d = Number(v.slice(12, 14));
  const date = new Date(Date.UTC(y, m - 1, d));
  const validDate = date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
  if (!validDate || y < 1900 || date.getTime() > today.getTime()) return { ok: false, problem: 'birth_date' };
  if (idCardCheckChar(v.slice(0, 17)) !== v[17]) return { ok: false, problem: 'check_digit' };
  return {
    ok: true,
    info: { value: v, birthDate: `${v.slice(6, 10)}-${v.slice(10, 12)}-${v.slice(12, 14)}`, sex: Number(v[16]) % 2 === 1 ? 'male' : 'female' },
  };
}

export const isValidIdCard = (raw: string): boolean => parseIdCard(raw).ok;

export type PhoneKind = 'mobile' | 'landline' | 'service';

/**
 * The canonical form of a Chinese phone number, or null: mobile "13812345678"; landline "022-26391234"
 * (area code, dash, 7–8 digits, optional "-extension"); service "400-123-4567". A +86/0086 prefix is dropped.
 */
export function normalizePhone(raw: string): { value: string; kind: PhoneKind } | null {
  let s = raw.trim().replace(/[\s()（）]/g, '');
  s = s.replace(/^(\+86|0086)-?/, '');
  const digits = s.replace(/-/g, '');
  if (/^1[3-9]\d{9}$/.test(digits) && /^[\d-]+$/.test(s)) return { value: digits, kind: 'mobile' };
  if (/^[48]00\d{7}$/.test(digits) && /^[\d-]+$/.test(s)) {
    return { value: `${digits.slice(0, 3)}-${digits.slice(3, 6)}-${digits.slice(6)}`, kind: 'service' };
  }
  // Landline: a 3-digit area code (010, 02x) or a 4-digit one (0xxx), then a local number that does not start with 0 or 1.
  const land = /^(0(?:10|2\d|[3-9]\d{2}))-?([2-9]\d{6,7})(?:-(\d{1,6}))?$/.exec(s);
  if (land) return { value: `${land[1]}-${land[2]}${land[3] ? `-${land[3]}` : ''}`, kind: 'landline' };
  return null;
}

export const isValidMobile = (raw: string): boolean => normalizePhone(raw)?.kind === 'mobile';
export const isValidPhone = (raw: string): boolean => normalizePhone(raw) !== null;

/** "1201**********123X": the province and city, and the last four. */
export function maskIdCard(raw: string): string {
  const v = normalizeIdCard(raw);
  if (v.length <= 8) return '*'.repeat(v.length);
  return `${v.slice(0, 4)}${'*'.repeat(v.length - 8)}${v.slice(-4)}`;
}

/** "138****5678" for a mobile, "022-****1234" for a landline; anything else keeps only its last two characters. */
export function maskPhone(raw: string): string {
  const p = normalizePhone(raw);
  if (p?.kind === 'mobile') return `${p.value.slice(0, 3)}****${p.value.slice(7)}`;
  if (p?.kind === 'landline') {
    const [area, local] = p.value.split('-');
    return `${area}-${'*'.repeat(local.length - 4)}${local.slice(-4)}`;
  }
  if (p?.kind === 'service') return p.value;
  const s = raw.trim();
  return s.length <= 2 ? '*'.repeat(s.length) : `${'*'.repeat(s.length - 2)}${s.slice(-2)}`;
}

/** Masks a free personal value (a name, an account number): first and last character only. */
export function maskGeneric(raw: string): string {
  const s = raw.trim();
  if (s.length <= 1) return '*';
  if (s.length === 2) return `${s[0]}*`;
  return `${s[0]}${'*'.repeat(s.length - 2)}${s[s.length - 1]}`;
}

export type PersonalKind = 'id_card' | 'phone' | 'other';

export interface Sealed {
  /** AES-GCM ciphertext for storage (SecretBox). */
  enc: string;
  /** What lists and forms show. */
  masked: string;
  /** Keyed hash of the normalised value, for exact-match lookup without decrypting. */
  index: string;
}

function detectKind(value: string): PersonalKind {
  if (isValidIdCard(value)) return 'id_card';
  if (isValidPhone(value)) return 'phone';
  return 'other';
}

/**
 * Seals a personal value for storage. The value is normalised first (ID card upper-cased, phone in canonical
 * form), so the blind index matches however it was typed. Validate with requireIdCard/requirePhone before.
 */
export function sealPersonal(box: SecretBox, value: string, kind: PersonalKind = detectKind(value)): Sealed {
  let normal = value.trim();
  let masked: string;
  if (kind === 'id_card') {
    normal = normalizeIdCard(value);
    masked = maskIdCard(normal);
  } else if (kind === 'phone') {
    normal = normalizePhone(value)?.value ?? normal;
    masked = maskPhone(normal);
  } else {
    masked = maskGeneric(normal);
  }
  return { enc: box.encrypt(normal), masked, index: box.blindIndex(normal) };
}

export function openPersonal(box: SecretBox, enc: string): string {
  return box.decrypt(enc);
}

const ID_MESSAGES: Record<IdCardProblem, { zh: string; en: string }> = {
  format: { zh: '身份证号码应为 18 位（末位可为 X）', en: 'An ID-card number has 18 characters (the last may be X)' },
  region: { zh: '身份证号码的地址码不正确', en: 'The region code of the ID-card number is wrong' },
  birth_date: { zh: '身份证号码中的出生日期不正确', en: 'The birth date in the ID-card number is wrong' },
  check_digit: { zh: '身份证号码校验位不正确', en: 'The check digit of the ID-card number is wrong' },
};

/** The normalised ID-card number, or a 400 naming the field and the problem. */
export function requireIdCard(raw: string, field = 'idCard'): IdCardInfo {
  const r = parseIdCard(raw);
  if (!r.ok) throw new AppError(400, 'validation_failed', ID_MESSAGES[r.problem], { field, problem: r.problem });
  return r.info;
}

/** The canonical phone number, or a 400 naming the field. `mobileOnly` refuses landlines. */
export function requirePhone(raw: string, field = 'phone', opts: { mobileOnly?: boolean } = {}): string {
  const p = normalizePhone(raw);
  if (!p || (opts.mobileOnly && p.kind !== 'mobile')) {
    throw new AppError(
      400,
      'validation_failed',
      opts.mobileOnly
        ? { zh: '手机号码格式不正确', en: 'Not a valid mobile number' }
        : { zh: '电话号码格式不正确（手机 11 位，固话需区号）', en: 'Not a valid phone number (mobile: 11 digits; landline with area code)' },
      { field },
    );
  }
  return p.value;
}
