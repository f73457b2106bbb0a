// The jurisdiction's work year (当前工作年度): the year the office is working on, which every year picker
// opens on. It comes with the signed-in profile; admin and the law office change it (PUT /api/jurisdiction/work-year).
import { useSession } from '../app/session.tsx';

/** This calendar year in Beijing. */
export function currentYear(now: Date = new Date()): number {
  return Number(new Intl.DateTimeFormat('en', { timeZone: 'Asia/Shanghai', year: 'numeric' }).format(now));
}

/** The work year from the session; the current year before anyone has signed in. */
export function useWorkYear(): number {
  const { me } = useSession();
  return me?.workYear ?? currentYear();
}

/** Years for a picker, newest first: from the current year (or a later work year) down to `from` (or an earlier work year). */
export function yearChoices(workYear: number, from = 2018): number[] {
  const top = Math.max(currentYear(), workYear);
  const bottom = Math.min(from, workYear);
  return Array.from({ length: top - bottom + 1 }, (_, i) => top - i);
}
