// Times are shown in the zone's time, Asia/Shanghai, whatever the browser's own time zone is.
import type { Lang } from '../app/i18n.tsx';

export const TIME_ZONE = 'Asia/Shanghai';

const cache = new Map<string, Intl.DateTimeFormat>();
function formatter(lang: Lang, withTime: boolean, seconds: boolean): Intl.DateTimeFormat {
  const key = `${lang}|${withTime}|${seconds}`;
  let f = cache.get(key);
  if (!f) {
    f = new Intl.DateTimeFormat(lang === 'zh' ? 'zh-CN' : 'en-CA', {
      timeZone: TIME_ZONE,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      ...(withTime ? { hour: '2-digit', minute: '2-digit', hourCycle: 'h23' as const, ...(seconds ? { second: '2-digit' as const } : {}) } : {}),
    });
    cache.set(key, f);
  }
  return f;
}

function toDate(v: string | number | Date | null | undefined): Date | null {
  if (v === null || v === undefined || v === '') return null;
  const d = v instanceof Date ? v : new Date(v);
  return Number.isNaN(d.getTime()) ? null : d;
}

/** 2024-03-01 08:05 in Shanghai time (YYYY-MM-DD HH:mm, the same in both languages). */
export function formatDateTime(v: string | number | Date | null | undefined, opts: { seconds?: boolean } = {}): string {
  const d = toDate(v);
  if (!d) return '—';
  const parts = Object.fromEntries(formatter('en', true, !!opts.seconds).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}${opts.seconds ? `:${parts.second}` : ''}`;
}

export function formatDate(v: string | number | Date | null | undefined): string {
  if (typeof v === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(v)) return v;
  const d = toDate(v);
  if (!d) return '—';
  const parts = Object.fromEntries(formatter('en', false, false).formatToParts(d).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The hour of day in Shanghai (for the greeting). */
export function shanghaiHour(d = new Date()): number {
  return Number(new Intl.DateTimeFormat('en-GB', { timeZone: TIME_ZONE, hour: '2-digit', hourCycle: 'h23' }).format(d));
}

/** Start (00:00) of a Shanghai calendar day given as YYYY-MM-DD, as an ISO instant. */
export function shanghaiDayStart(day: string): string {
  return new Date(`${day}T00:00:00+08:00`).toISOString();
}
