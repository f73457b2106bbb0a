// A last check before anything leaves for the public: no resident ID-card numbers, mobile or landline phone
// numbers in the text. Pure.

export interface PersonalDataHit {
  kind: 'id_card' | 'mobile' | 'landline';
  /** Masked, so the hit itself never spreads the number. */
  masked: string;
}

const PATTERNS: { kind: PersonalDataHit['kind']; re: RegExp }[] = [
  { kind: 'id_card', re: /(?<![0-9A-Za-z])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[\dXx](?![0-9A-Za-z])/g },
  { kind: 'id_card', re: /(?<![0-9A-Za-z])[1-9]\d{7}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9A-Za-z])/g },
  { kind: 'mobile', re: /(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)/g },
  { kind: 'landline', re: /(?<!\d)0\d{2,3}[- ]\d{7,8}(?!\d)/g },
];

const mask = (s: string) => (s.length <= 4 ? '****' : `${s.slice(0, 3)}${'*'.repeat(Math.max(4, s.length - 5))}${s.slice(-2)}`);

export function findPersonalData(text: string): PersonalDataHit[] {
  const hits: PersonalDataHit[] = [];
  for (const { kind, re } of PATTERNS) {
    for (const m of text.matchAll(re)) hits.push({ kind, masked: mask(m[0]) });
  }
  return hits;
}
