// The figures layer: the catalogue's figures computed for a jurisdiction and a period, each with its value,
// numerator and denominator (rates), and the list its rows are in. Only the modules owning the figures asked
// for are called; a module without a loader, or one whose loader fails, gives missing figures with the reason.
// Given the request's FigureMemo, a module's figures for a period are computed once however many sets need them.
import type { Executor } from '../../db/database.ts';
import { FIGURE_BY_KEY, FIGURES, type Drill, type FigureBasis, type FigureDef, type FigureKind, type FigureModule } from './assessment.catalogue.ts';
import { FigureMemo } from './assessment.memo.ts';
import type { Period } from './assessment.period.ts';
import { FIGURE_SOURCES, type RawFigure } from './assessment.sources.ts';

export interface FigureValue {
  key: string;
  name: string;
  module: FigureModule;
  kind: FigureKind;
  unit: string;
  basis: FigureBasis;
  value: number | string | null;
  numerator: number | null;
  denominator: number | null;
  /** Why there is no value (module not wired, nothing to divide by, error), or null. */
  missing: string | null;
  drill: Drill | null;
}

export type FigureSet = ReadonlyMap<string, FigureValue>;

function valueOf(d: FigureDef, p: Period, raw: RawFigure | undefined, missing: string | null): FigureValue {
  const value = raw?.value ?? null;
  return {
    key: d.key,
    name: d.name,
    module: d.module,
    kind: d.kind,
    unit: d.unit,
    basis: d.basis,
    value,
    numerator: raw?.numerator ?? null,
    denominator: raw?.denominator ?? null,
    missing: value !== null ? null : (missing ?? (raw ? (d.kind === 'rate' ? '分母为0，无法计算' : '无数据') : '模块未提供该数值')),
    drill: d.drill ? d.drill(p) : null,
  };
}

/** A figure set from raw values (tests, and figures frozen in a published report). */
export function figureSetFrom(raw: Record<string, RawFigure>, p: Period): Map<string, FigureValue> {
  const out = new Map<string, FigureValue>();
  for (const d of FIGURES) out.set(d.key, valueOf(d, p, raw[d.key], null));
  return out;
}

/** The figures (all, or the keys given) for a jurisdiction and period. Unknown keys are ignored. */
export async function computeFigures(
  db: Executor,
  jurisdictionId: number,
  p: Period,
  keys?: readonly string[],
  memo: FigureMemo = new FigureMemo(),
): Promise<Map<string, FigureValue>> {
  const defs = keys ? keys.map((k) => FIGURE_BY_KEY.get(k)).filter((d): d is FigureDef => d !== undefined) : [...FIGURES];
  const modules = [...new Set(defs.map((d) => d.module))];
  const loaded = new Map<FigureModule, { raw: Record<string, RawFigure>; missing: string | null }>();
  // One module at a time: the embedded database serves one query at a time anyway.
  for (const m of modules) {
    const source = FIGURE_SOURCES[m];
    const load = source.load;
    if (!load) {
      loaded.set(m, { raw: {}, missing: source.pending ?? '模块未接入' });
      continue;
    }
    try {
      // A loader returns every figure of its module, so one load per module and period serves any keys.
      const key = `module|${m}|${jurisdictionId}|${source.timeless ? '*' : `${p.kind}|${p.from}|${p.to}`}`;
      loaded.set(m, { raw: await memo.once(key, () => load(db, jurisdictionId, p, memo)), missing: null });
    } catch (e) {
      loaded.set(m, { raw: {}, missing: `统计出错：${e instanceof Error ? e.message : String(e)}` });
    }
  }
  const out = new Map<string, FigureValue>();
  for (const d of defs) {
    const l = loaded.get(d.module)!;
    out.set(d.key, valueOf(d, p, l.raw[d.key], l.missing));
  }
  return out;
}

/** Numeric view of a figure set for formulas: text and missing figures read as null. */
export function numericLookup(set: FigureSet): (key: string) => number | null {
  return (key) => {
    const v = set.get(key)?.value;
    return typeof v === 'number' && Number.isFinite(v) ? v : null;
  };
}
