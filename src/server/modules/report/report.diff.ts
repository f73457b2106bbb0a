// Differences between two versions of a report body: texts matched by a longest common subsequence, unmatched
// neighbours paired as "changed" with a character-level diff (Chinese has no word breaks). Pure.
import { bodyTexts, type ReportBody } from './report.body.ts';

export type DiffOp = 'same' | 'added' | 'removed' | 'changed';

export interface TextPart {
  op: '=' | '+' | '-';
  text: string;
}

export interface DiffEntry {
  op: DiffOp;
  /** Path and label in the newer version (in the older for a removal). */
  path: string;
  label: string;
  before?: string;
  after?: string;
  parts?: TextPart[];
}

/** Longest common subsequence pairs (i in a, j in b) of equal elements. */
function lcsPairs<T>(a: readonly T[], b: readonly T[], eq: (x: T, y: T) => boolean): [number, number][] {
  const n = a.length;
  const m = b.length;
  const w = m + 1;
  const dp = new Uint32Array((n + 1) * w);
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      dp[i * w + j] = eq(a[i], b[j]) ? dp[(i + 1) * w + j + 1] + 1 : Math.max(dp[(i + 1) * w + j], dp[i * w + j + 1]);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (eq(a[i], b[j])) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (dp[(i + 1) * w + j] >= dp[i * w + j + 1]) i++;
    else j++;
  }
  return pairs;
}

const MAX_CELLS = 4_000_000;

/** Character-level diff of two texts; very long texts fall back to one removal and one addition. */
export function diffText(before: string, after: string): TextPart[] {
  const a = [...before];
  const b = [...after];
  // Trim the common head and tail first: edits are usually local.
  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const am = a.slice(head, a.length - tail);
  const bm = b.slice(head, b.length - tail);
  const parts: TextPart[] = [];
  const push = (op: TextPart['op'], text: string) => {
    if (!text) return;
    const last = parts[parts.length - 1];
    if (last && last.op === op) last.text += text;
    else parts.push({ op, text });
  };
  push('=', a.slice(0, head).join(''));
  if ((am.length + 1) * (bm.length + 1) > MAX_CELLS) {
    push('-', am.join(''));
    push('+', bm.join(''));
  } else {
    let i = 0;
    let j = 0;
    for (const [pi, pj] of lcsPairs(am, bm, (x, y) => x === y)) {
      push('-', am.slice(i, pi).join(''));
      push('+', bm.slice(j, pj).join(''));
      push('=', am[pi]);
      i = pi + 1;
      j = pj + 1;
    }
    push('-', am.slice(i).join(''));
    push('+', bm.slice(j).join(''));
  }
  push('=', a.slice(a.length - tail).join(''));
  return parts;
}

/** Every text of the newer body against the older one, in reading order. */
export function diffBodies(older: ReportBody, newer: ReportBody): DiffEntry[] {
  const a = bodyTexts(older);
  const b = bodyTexts(newer);
  const pairs = lcsPairs(a, b, (x, y) => x.text === y.text && x.role === y.role);
  const out: DiffEntry[] = [];
  let i = 0;
  let j = 0;
  const flush = (ia: number, jb: number) => {
    const removed = a.slice(i, ia);
    const added = b.slice(j, jb);
    const paired = Math.min(removed.length, added.length);
    for (let k = 0; k < paired; k++) {
      out.push({ op: 'changed', path: added[k].path, label: added[k].label, before: removed[k].text, after: added[k].text, parts: diffText(removed[k].text, added[k].text) });
    }
    for (const r of removed.slice(paired)) out.push({ op: 'removed', path: r.path, label: r.label, before: r.text });
    for (const n of added.slice(paired)) out.push({ op: 'added', path: n.path, label: n.label, after: n.text });
  };
  for (const [pi, pj] of pairs) {
    flush(pi, pj);
    out.push({ op: 'same', path: b[pj].path, label: b[pj].label, after: b[pj].text });
    i = pi + 1;
    j = pj + 1;
  }
  flush(a.length, b.length);
  return out;
}

/** A one-line account of a change, for the version list ("改动3处：…"). */
export function summarizeDiff(entries: DiffEntry[]): { changed: number; added: number; removed: number; labels: string[] } {
  const changed = entries.filter((e) => e.op === 'changed').length;
  const added = entries.filter((e) => e.op === 'added').length;
  const removed = entries.filter((e) => e.op === 'removed').length;
  return { changed, added, removed, labels: entries.filter((e) => e.op !== 'same').map((e) => e.label).slice(0, 20) };
}
