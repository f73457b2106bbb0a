// All SQL for the indicator catalogue. No rules here.
import type { Executor } from '../../db/database.ts';
import type { Area, Direction } from './assessment.indicators.ts';

export interface IndicatorValues {
  code: string;
  name: string;
  area: Area;
  formula: string;
  unit: string;
  target: number | null;
  direction: Direction;
  weight: number;
  tolerance: number;
  prorate: boolean;
  description: string;
  sort: number;
}

export function listIndicators(db: Executor, jurisdictionId: number, f: { area?: Area; active?: boolean } = {}) {
  let q = db.selectFrom('assessmentIndicators').selectAll().where('jurisdictionId', '=', jurisdictionId);
  if (f.area) q = q.where('area', '=', f.area);
  if (f.active !== undefined) q = q.where('active', '=', f.active);
  return q.orderBy('sort').orderBy('code').execute();
}

export function findIndicator(db: Executor, id: number) {
  return db.selectFrom('assessmentIndicators').selectAll().where('id', '=', id).executeTakeFirst();
}

export function indicatorCodes(db: Executor, jurisdictionId: number) {
  return db.selectFrom('assessmentIndicators').select(['code', 'sort']).where('jurisdictionId', '=', jurisdictionId).execute();
}

export function insertIndicator(db: Executor, jurisdictionId: number, v: IndicatorValues) {
  return db
    .insertInto('assessmentIndicators')
    .values({ jurisdictionId, ...v })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function updateIndicator(db: Executor, id: number, version: number, v: Partial<IndicatorValues> & { active?: boolean }) {
  return db
    .updateTable('assessmentIndicators')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}
