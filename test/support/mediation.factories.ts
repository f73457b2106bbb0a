// Builders for mediation tests: a small zone with the centre, two departments and one user per role needed, valid
// ID-card numbers, and hand-built rows written straight through the database (for rules and figures).
import type { Executor } from '../../src/server/db/database.ts';
import { idCardCheckChar } from '../../src/server/platform/crypto/sensitive.ts';
import { subjectKey, type DisputeType } from '../../src/server/modules/mediation/mediation.workflow.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from './factories.ts';

/** A valid 18-character ID-card number (Tianjin Beichen, born on the given day). */
export function validIdCard(seq = 1, birth = '19850312'): string {
  const first17 = `120113${birth}${String(seq % 1000).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

export async function mediationWorld(db: Executor) {
  const j = await buildJurisdiction(db);
  const centre = await buildOrgUnit(db, j.id, { name: '矛盾纠纷调处中心', kind: 'mediation_centre' });
  const labour = await buildOrgUnit(db, j.id, { name: '劳动保障监察大队' });
  const planning = await buildOrgUnit(db, j.id, { name: '规划建设局' });
  const mediator = await buildUser(db, j.id, 'mediator', { orgUnitId: centre.id, displayName: '调解员' });
  const leader = await buildUser(db, j.id, 'leader', { displayName: '领导' });
  const labourHandler = await buildUser(db, j.id, 'handler', { orgUnitId: labour.id, displayName: '劳动监察' });
  const planningHandler = await buildUser(db, j.id, 'handler', { orgUnitId: planning.id, displayName: '规划建设' });
  const lawOffice = await buildUser(db, j.id, 'law_office', { displayName: '法治办' });
  return { j, centre, labour, planning, mediator, leader, labourHandler, planningHandler, lawOffice };
}

let n = 0;
const code = (p: string) => `${p}T-${Date.now().toString(36)}-${(n++).toString(36)}`;

export async function buildIntake(
  db: Executor,
  jurisdictionId: number,
  receiverId: number,
  over: { receivedAt?: Date; peopleCount?: number; matter?: string; track?: 'consultation' | 'dispute' | 'petition' | null } = {},
) {
  const peopleCount = over.peopleCount ?? 1;
  return db
    .insertInto('mediationIntakes')
    .values({
      jurisdictionId,
      code: code('LF'),
      receivedAt: over.receivedAt ?? new Date(),
      channel: 'visit',
      peopleCount,
      collective: peopleCount >= 5,
      matter: over.matter ?? '来访事项',
      projectName: null,
      contractorName: null,
      track: over.track ?? null,
      referredOrgUnitId: null,
      referredTo: null,
      routedAt: null,
      routedBy: null,
      eventId: null,
      receiverId,
      receiverOrgUnitId: null,
      disputeId: null,
      petitionId: null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildDispute(
  db: Executor,
  jurisdictionId: number,
  over: {
    type?: DisputeType;
    receivedAt?: Date;
    project?: string | null;
    contractor?: string | null;
    amountClaimed?: number;
    workersInvolved?: number;
    outcome?: 'agreement' | 'failed' | null;
    concludedAt?: Date | null;
    status?: 'registered' | 'accepted' | 'mediating' | 'agreement' | 'failed' | 'closed';
    reopenedCount?: number;
    lastReopenedAt?: Date | null;
  } = {},
) {
  return db
    .insertInto('mediationDisputes')
    .values({
      jurisdictionId,
      code: code('TJ'),
      intakeId: null,
      clueId: null,
      type: over.type ?? 'wage',
      title: '欠薪纠纷',
      status: over.status ?? (over.outcome === 'agreement' ? 'agreement' : over.outcome === 'failed' ? 'failed' : 'registered'),
      outcome: over.outcome ?? null,
      amountClaimed: over.amountClaimed ?? 0,
      workersInvolved: over.workersInvolved ?? 0,
      projectName: over.project ?? null,
      contractorName: over.contractor ?? null,
      contractorEnterpriseId: null,
      projectKey: subjectKey(over.project),
      contractorKey: subjectKey(over.contractor),
      mediatorId: null,
      receivedAt: over.receivedAt ?? new Date(),
      concludedAt: over.concludedAt ?? null,
      reopenedCount: over.reopenedCount ?? 0,
      lastReopenedAt: over.lastReopenedAt ?? null,
      routesTold: JSON.stringify([]),
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export async function buildAgreementWithPayments(
  db: Executor,
  jurisdictionId: number,
  disputeId: number,
  signedOn: string,
  amountAgreed: number,
  payments: { paidOn: string; amount: number }[],
) {
  const ag = await db
    .insertInto('mediationAgreements')
    .values({ jurisdictionId, disputeId, form: 'written', signedOn, content: '调解协议', amountAgreed, createdBy: null })
    .returningAll()
    .executeTakeFirstOrThrow();
  for (const p of payments) {
    await db.insertInto('mediationPayments').values({ jurisdictionId, disputeId, agreementId: ag.id, paidOn: p.paidOn, amount: p.amount, orgUnitId: null, createdBy: null }).execute();
  }
  return ag;
}

export async function buildPetition(
  db: Executor,
  jurisdictionId: number,
  over: {
    registeredAt?: Date;
    acceptDueAt?: Date;
    status?: 'registered' | 'accepted' | 'decided' | 'forwarded' | 'not_accepted';
    type?: DisputeType;
    project?: string | null;
    contractor?: string | null;
    handleDueAt?: Date | null;
    acceptDecision?: 'forwarded' | 'accepted' | 'not_accepted' | null;
    acceptOnTime?: boolean | null;
    decidedAt?: Date | null;
    handleOnTime?: boolean | null;
    decisionOutcome?: 'supported' | 'partly_supported' | 'not_supported' | null;
    rating?: 'satisfied' | 'basic' | 'unsatisfied' | null;
    handlingOrgUnitId?: number | null;
  } = {},
) {
  const registeredAt = over.registeredAt ?? new Date();
  return db
    .insertInto('mediationPetitions')
    .values({
      jurisdictionId,
      code: code('XF'),
      trackCode: code('C').replace(/[^A-Z0-9]/gi, '').toUpperCase().slice(0, 24),
      intakeId: null,
      disputeId: null,
      clueId: null,
      form: 'visit',
      type: over.type ?? 'other',
      title: '信访事项',
      matter: '信访事项',
      projectName: over.project ?? null,
      contractorName: over.contractor ?? null,
      projectKey: subjectKey(over.project),
      contractorKey: subjectKey(over.contractor),
      status: over.status ?? 'registered',
      registeredAt,
      acceptDueAt: over.acceptDueAt ?? new Date(registeredAt.getTime() + 15 * 86_400_000),
      acceptDecision: over.acceptDecision ?? null,
      acceptDecidedAt: over.acceptDecision ? registeredAt : null,
      acceptOnTime: over.acceptOnTime ?? null,
      handleDueAt: over.handleDueAt ?? null,
      handlingOrgUnitId: over.handlingOrgUnitId ?? null,
      decidedAt: over.decidedAt ?? null,
      handleOnTime: over.handleOnTime ?? null,
      decisionOutcome: over.decisionOutcome ?? null,
      rating: over.rating ?? null,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}
