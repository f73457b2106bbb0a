// Time limits on the job runner: each petition's open stage has a warning job ahead of its due time and a due
// job at it; an accepted dispute has a due job. A job checks, in its own transaction, that the stage and due time
// it was scheduled for still hold (an extension or a decision makes it stale), so a job that runs twice or late
// does no harm. A periodic scan runs every rule over the records.
import type { Kysely } from 'kysely';
import type { DB, Executor } from '../../db/database.ts';
import { cancelJobs, registerJobHandler, scheduleJob, type JobContext } from '../../platform/jobs/jobs.ts';
import { systemContext } from '../../platform/context.ts';
import { timeline } from './mediation.common.ts';
import { warnAt } from './mediation.limits.ts';
import * as repo from './mediation.repository.ts';
import { isDisputeOpen } from './mediation.workflow.ts';
import { loadRules, onPetitionLimit, openStage, scanWarnings } from './mediation.warnings.ts';

export const DEADLINE_JOB = 'mediation.deadline';
export const SCAN_JOB = 'mediation.scan';

const petitionKey = (id: number, phase: 'warn' | 'due') => `mediation:petition:${id}:${phase}`;
const disputeKey = (id: number) => `mediation:dispute:${id}:due`;

/** (Re)schedules the warning and due jobs of the petition's open stage, or cancels them when no stage is open. */
export async function schedulePetitionJobs(tx: Executor, p: repo.PetitionRow, stageStart: Date): Promise<void> {
  const s = openStage(p);
  if (!s) {
    await cancelPetitionJobs(tx, p.id);
    return;
  }
  const rules = await loadRules(tx, p.jurisdictionId);
  const payload = { entity: 'petition', id: p.id, stage: s.stage, dueAt: s.dueAt.toISOString() };
  await scheduleJob(tx, {
    kind: DEADLINE_JOB,
    runAt: warnAt(stageStart, s.dueAt, rules.petition_near_limit.params.daysBefore),
    payload: { ...payload, phase: 'warn' },
    uniqueKey: petitionKey(p.id, 'warn'),
    jurisdictionId: p.jurisdictionId,
  });
  await scheduleJob(tx, {
    kind: DEADLINE_JOB,
    runAt: new Date(s.dueAt.getTime() + 1),
    payload: { ...payload, phase: 'due' },
    uniqueKey: petitionKey(p.id, 'due'),
    jurisdictionId: p.jurisdictionId,
  });
}

export async function cancelPetitionJobs(tx: Executor, id: number): Promise<void> {
  await cancelJobs(tx, petitionKey(id, 'warn'));
  await cancelJobs(tx, petitionKey(id, 'due'));
}

export async function scheduleDisputeJob(tx: Executor, d: repo.DisputeRow): Promise<void> {
  if (!d.dueAt) return;
  await scheduleJob(tx, {
    kind: DEADLINE_JOB,
    runAt: new Date(d.dueAt.getTime() + 1),
    payload: { entity: 'dispute', id: d.id, phase: 'due', dueAt: d.dueAt.toISOString() },
    uniqueKey: disputeKey(d.id),
    jurisdictionId: d.jurisdictionId,
  });
}

export async function cancelDisputeJob(tx: Executor, id: number): Promise<void> {
  await cancelJobs(tx, disputeKey(id));
}

/** What a deadline job does; exported for tests, which run it without the runner. */
export async function runDeadlineJob(db: Kysely<DB>, payload: Record<string, unknown>, now = new Date()): Promise<'done' | 'stale'> {
  const id = Number(payload.id);
  const dueAt = String(payload.dueAt ?? '');
  const phase = payload.phase === 'warn' ? 'warn' : 'due';
  return db.transaction().execute(async (tx) => {
    if (payload.entity === 'petition') {
      const p = await repo.findPetition(tx, id);
      const s = p ? openStage(p) : null;
      if (!p || !s || s.stage !== payload.stage || s.dueAt.toISOString() !== dueAt) return 'stale';
      await onPetitionLimit(tx, p, phase, now);
      if (phase === 'due') {
        await timeline(tx, systemContext(), {
          jurisdictionId: p.jurisdictionId, entity: 'petition', entityId: p.id, action: 'overdue', note: '已超过法定期限', details: { stage: s.stage, dueAt }, at: now,
        });
      }
      return 'done';
    }
    const d = await repo.findDispute(tx, id);
    if (!d || !isDisputeOpen(d.status) || d.dueAt?.toISOString() !== dueAt) return 'stale';
    await timeline(tx, systemContext(), {
      jurisdictionId: d.jurisdictionId, entity: 'dispute', entityId: d.id, action: 'overdue', note: '已超过调解期限', details: { dueAt }, at: now,
    });
    return 'done';
  });
}

export function registerMediationJobs(): void {
  registerJobHandler(DEADLINE_JOB, async (db, job: JobContext) => {
    await runDeadlineJob(db, job.payload);
  });
  registerJobHandler(SCAN_JOB, async (db) => {
    const rows = await db.selectFrom('jurisdictions').select('id').execute();
    for (const j of rows) await scanWarnings(db, j.id);
  });
}
