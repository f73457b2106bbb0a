// Work shared by everything one request computes: a self-assessment needs the figures of the period, the same
// period a year earlier and 24 months of trend; findings need breakdowns of the same period. Each module call is
// made once per request (keyed by what it computes), and a year whose every month is wanted is read by the
// modules that can give a year by month in one pass instead of twelve.

export class FigureMemo {
  private readonly calls = new Map<string, Promise<unknown>>();
  private readonly wholeYears = new Set<number>();
  private misses = 0;
  private hits = 0;

  /** The result of `fn` under `key`, computed on first use (a failure is remembered too, as the same failure). */
  once<T>(key: string, fn: () => Promise<T>): Promise<T> {
    let p = this.calls.get(key) as Promise<T> | undefined;
    if (p) {
      this.hits++;
      return p;
    }
    this.misses++;
    p = fn();
    this.calls.set(key, p);
    return p;
  }

  /** Says that every month of the year will be asked for (a monthly trend). */
  wantWholeYear(year: number): void {
    this.wholeYears.add(year);
  }

  wantsWholeYear(year: number): boolean {
    return this.wholeYears.has(year);
  }

  /** What was computed (keys in order of first use) and how often a result was reused. */
  stats(): { keys: string[]; computed: number; reused: number } {
    return { keys: [...this.calls.keys()], computed: this.misses, reused: this.hits };
  }
}
