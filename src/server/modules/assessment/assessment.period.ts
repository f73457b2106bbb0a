// Periods for figures and self-assessment: a calendar year, a quarter or a month, as inclusive date bounds.
// Pure.

export type PeriodKind = 'year' | 'quarter' | 'month';

export interface Period {
  kind: PeriodKind;
  year: number;
  /** 1–4 for a quarter. */
  quarter?: number;
  /** 1–12 for a month. */
  month?: number;
  /** Inclusive bounds, 'YYYY-MM-DD'. */
  from: string;
  to: string;
  /** '2020年', '2020年第2季度', '2020年5月'. */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const lastDay = (year: number, month: number) => new Date(Date.UTC(year, month, 0)).getUTCDate();

export function yearPeriod(year: number): Period {
  return { kind: 'year', year, from: `${year}-01-01`, to: `${year}-12-31`, label: `${year}年` };
}

export function quarterPeriod(year: number, quarter: number): Period {
  const m0 = (quarter - 1) * 3 + 1;
  const m1 = m0 + 2;
  return { kind: 'quarter', year, quarter, from: `${year}-${pad(m0)}-01`, to: `${year}-${pad(m1)}-${pad(lastDay(year, m1))}`, label: `${year}年第${quarter}季度` };
}

export function monthPeriod(year: number, month: number): Period {
  return { kind: 'month', year, month, from: `${year}-${pad(month)}-01`, to: `${year}-${pad(month)}-${pad(lastDay(year, month))}`, label: `${year}年${month}月` };
}

/** The period a query names: a month wins over a quarter, a quarter over the whole year. */
export function periodOf(q: { year: number; quarter?: number; month?: number }): Period {
  if (q.month !== undefined) return monthPeriod(q.year, q.month);
  if (q.quarter !== undefined) return quarterPeriod(q.year, q.quarter);
  return yearPeriod(q.year);
}

/** The same period one year earlier. */
export function previousYearOf(p: Period): Period {
  return periodOf({ year: p.year - 1, quarter: p.quarter, month: p.month });
}

/** The months of the period (one for a month, three for a quarter, twelve for a year). */
export function monthsOf(p: Period): Period[] {
  const first = p.kind === 'month' ? p.month! : p.kind === 'quarter' ? (p.quarter! - 1) * 3 + 1 : 1;
  const count = p.kind === 'month' ? 1 : p.kind === 'quarter' ? 3 : 12;
  return Array.from({ length: count }, (_, i) => monthPeriod(p.year, first + i));
}

const DAY = 86_400_000;
export const daysIn = (p: Pick<Period, 'from' | 'to'>): number =>
  (Date.parse(`${p.to}T00:00:00Z`) - Date.parse(`${p.from}T00:00:00Z`)) / DAY + 1;

/** The share of its year a period covers (1 for a year, about ¼ for a quarter). */
export const shareOfYear = (p: Period): number => daysIn(p) / daysIn(yearPeriod(p.year));
