// Lawsuit and arbitration figures come from the court and the arbitration committee, not from this platform:
// they are entered as dated figures with their source, so that petitions can be set against lawsuits (以访代诉).
import type { Executor } from '../../db/database.ts';
import type { RequestContext } from '../../platform/context.ts';
import { errors } from '../../platform/errors.ts';
import { audit, authorized } from './mediation.common.ts';
import { mediationActions } from './mediation.policy.ts';
import * as repo from './mediation.repository.ts';

export interface LitigationInput {
  kind: 'lawsuit' | 'arbitration';
  periodFrom: string;
  periodTo: string;
  category?: string;
  count: number;
  source: string;
  note?: string;
}

export interface LitigationView {
  id: number;
  kind: 'lawsuit' | 'arbitration';
  periodFrom: string;
  periodTo: string;
  category: string;
  count: number;
  source: string;
  note: string;
  enteredAt: Date;
}

const view = (r: Awaited<ReturnType<typeof repo.insertLitigationFigure>>): LitigationView => ({
  id: r.id, kind: r.kind, periodFrom: r.periodFrom, periodTo: r.periodTo, category: r.category, count: r.count, source: r.source, note: r.note, enteredAt: r.enteredAt,
});

export async function listLitigation(db: Executor, ctx: RequestContext, q: { from?: string; to?: string }): Promise<LitigationView[]> {
  const a = authorized(ctx, mediationActions['mediation.figures.read']);
  return (await repo.listLitigationFigures(db, a.actor.jurisdictionId, q.from, q.to)).map(view);
}

export async function addLitigation(db: Executor, ctx: RequestContext, input: LitigationInput): Promise<LitigationView> {
  const a = authorized(ctx, mediationActions['mediation.litigation.write']);
  if (input.periodTo < input.periodFrom) throw errors.validation({ field: 'periodTo' }, { zh: '统计期末不能早于期初', en: 'The period ends before it starts' });
  if (!input.source.trim()) throw errors.validation({ field: 'source' }, { zh: '请注明数据来源', en: 'The source is required' });
  return db.transaction().execute(async (tx) => {
    const row = await repo.insertLitigationFigure(tx, {
      jurisdictionId: a.actor.jurisdictionId,
      kind: input.kind,
      periodFrom: input.periodFrom,
      periodTo: input.periodTo,
      category: input.category?.trim() || 'all',
      count: input.count,
      source: input.source.trim(),
      note: input.note?.trim() ?? '',
      enteredBy: a.actor.userId,
    });
    await audit(tx, ctx, 'mediation.litigation.add', 'mediation_litigation_figure', row.id, { kind: row.kind, periodFrom: row.periodFrom, periodTo: row.periodTo, count: row.count });
    return view(row);
  });
}

export async function deleteLitigation(db: Executor, ctx: RequestContext, id: number): Promise<void> {
  const a = authorized(ctx, mediationActions['mediation.litigation.write']);
  await db.transaction().execute(async (tx) => {
    const row = await repo.findLitigationFigure(tx, id);
    if (!row || row.jurisdictionId !== a.actor.jurisdictionId) throw errors.notFound('mediation_litigation_figure', '诉讼数据');
    await repo.deleteLitigationFigure(tx, id);
    // The figure itself goes into the audit row, so a deleted entry can still be traced.
    await audit(tx, ctx, 'mediation.litigation.delete', 'mediation_litigation_figure', id, {
      kind: row.kind, periodFrom: row.periodFrom, periodTo: row.periodTo, count: row.count, source: row.source,
    });
  });
}
