// Builders for the record modules of issue 6 (safety, education, legal services, plans), written straight
// through the database like factories.ts.
import type { Executor } from '../../src/server/db/database.ts';

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function buildLawFirm(db: Executor, jurisdictionId: number, over: { name?: string } = {}) {
  return db
    .insertInto('lawFirms')
    .values({ jurisdictionId, name: over.name ?? `律所${uniq()}` })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDutyLawyer(db: Executor, jurisdictionId: number, userId: number, firmId: number) {
  return db.insertInto('dutyLawyers').values({ jurisdictionId, userId, firmId }).returningAll().executeTakeFirstOrThrow();
}

export async function buildLegalService(
  db: Executor,
  jurisdictionId: number,
  lawyerId: number,
  over: Partial<{ kind: 'consultation' | 'lecture' | 'legal_aid' | 'mediation'; servedOn: string; enterpriseId: number | null; place: string; peopleServed: number; topic: string }> = {},
) {
  return db
    .insertInto('legalServices')
    .values({
      jurisdictionId,
      lawyerId,
      kind: over.kind ?? 'consultation',
      servedOn: over.servedOn ?? '2020-06-01',
      enterpriseId: over.enterpriseId ?? null,
      place: over.place ?? (over.enterpriseId ? '' : `地点${uniq()}`),
      peopleServed: over.peopleServed ?? 10,
      topic: over.topic ?? '劳动合同',
      createdBy: lawyerId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildStudyRecord(
  db: Executor,
  jurisdictionId: number,
  userId: number,
  hours: number,
  over: Partial<{ studiedOn: string; course: string; form: 'central_group' | 'lecture' | 'training' | 'online' | 'self_study' | 'other' }> = {},
) {
  return db
    .insertInto('studyRecords')
    .values({
      jurisdictionId,
      userId,
      hours,
      course: over.course ?? '宪法学习',
      studiedOn: over.studiedOn ?? '2020-05-10',
      form: over.form ?? 'online',
      createdBy: userId,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildExamResult(db: Executor, jurisdictionId: number, userId: number, year: number, passed: boolean, score: number | null = null) {
  return db
    .insertInto('lawExamResults')
    .values({ jurisdictionId, userId, year, passed, score, takenOn: `${year}-11-20`, recordedBy: userId })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildWorkPlan(db: Executor, jurisdictionId: number, year: number) {
  return db
    .insertInto('workPlans')
    .values({ jurisdictionId, year, title: `${year}年法治建设工作计划`, goals: JSON.stringify(['依法行政']), issuedOn: null })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildPlanTask(
  db: Executor,
  jurisdictionId: number,
  planId: number,
  ownerOrgUnitId: number,
  createdBy: number,
  over: Partial<{ title: string; deadline: string; status: 'not_started' | 'in_progress' | 'done' | 'cancelled'; completedOn: string | null }> = {},
) {
  return db
    .insertInto('planTasks')
    .values({
      jurisdictionId,
      planId,
      ownerOrgUnitId,
      createdBy,
      title: over.title ?? `任务${uniq()}`,
      deadline: over.deadline ?? '2020-06-30',
      status: over.status ?? 'not_started',
      completedOn: over.completedOn ?? null,
      responsibleUserId: null,
      sourceMeetingId: null,
      overdueSince: null,
      evaluation: null,
      evaluationScore: null,
      evaluatedBy: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
