// All SQL for the mediation centre's tables. No rules here: services decide, this reads and writes.
import { sql, type Insertable, type Selectable, type Updateable } from 'kysely';
import type { Executor } from '../../db/database.ts';
import type {
  MediationAgreementsTable,
  MediationCluesTable,
  MediationDisputesTable,
  MediationFollowupsTable,
  MediationIntakesTable,
  MediationLitigationFiguresTable,
  MediationPaymentsTable,
  MediationPeopleTable,
  MediationPetitionsTable,
  MediationSessionsTable,
  MediationTimelineTable,
  MediationWarningsTable,
} from './mediation.table.ts';
import type { WarningRule } from './mediation.workflow.ts';

export type IntakeRow = Selectable<MediationIntakesTable>;
export type PersonRow = Selectable<MediationPeopleTable>;
export type DisputeRow = Selectable<MediationDisputesTable>;
export type PetitionRow = Selectable<MediationPetitionsTable>;
export type ClueRow = Selectable<MediationCluesTable>;
export type WarningRow = Selectable<MediationWarningsTable>;
export type AgreementRow = Selectable<MediationAgreementsTable>;
export type TimelineRow = Selectable<MediationTimelineTable>;

// ---------------------------------------------------------------- shared

/** The next number of a yearly series (LF2020-0001 …), taken under the row lock of the counter. */
export async function nextNumber(db: Executor, jurisdictionId: number, kind: string, year: number): Promise<number> {
  const row = await db
    .insertInto('mediationCounters')
    .values({ jurisdictionId, kind, year, last: 1 })
    .onConflict((oc) => oc.columns(['jurisdictionId', 'kind', 'year']).doUpdateSet((eb) => ({ last: eb('mediationCounters.last', '+', 1) })))
    .returning('last')
    .executeTakeFirstOrThrow();
  return row.last;
}

export function insertTimeline(db: Executor, v: Insertable<MediationTimelineTable>) {
  return db
    .insertInto('mediationTimeline')
    .values({ ...v, details: JSON.stringify(v.details ?? {}) })
    .execute();
}

export function timelineFor(db: Executor, entity: TimelineRow['entity'], entityId: number) {
  return db
    .selectFrom('mediationTimeline')
    .leftJoin('orgUnits', 'orgUnits.id', 'mediationTimeline.orgUnitId')
    .select([
      'mediationTimeline.id',
      'mediationTimeline.at',
      'mediationTimeline.actorName',
      'mediationTimeline.orgUnitId',
      'orgUnits.name as orgUnitName',
      'mediationTimeline.action',
      'mediationTimeline.fromStatus',
      'mediationTimeline.toStatus',
      'mediationTimeline.note',
      'mediationTimeline.details',
    ])
    .where('mediationTimeline.entity', '=', entity)
    .where('mediationTimeline.entityId', '=', entityId)
    .orderBy('mediationTimeline.at')
    .orderBy('mediationTimeline.id')
    .execute();
}

export function findOrgUnit(db: Executor, id: number) {
  return db.selectFrom('orgUnits').select(['id', 'jurisdictionId', 'name', 'kind', 'active']).where('id', '=', id).executeTakeFirst();
}

export function orgUnitNames(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: number; name: string }[]);
  return db.selectFrom('orgUnits').select(['id', 'name']).where('id', 'in', [...ids]).execute();
}

export function userNames(db: Executor, ids: readonly number[]) {
  if (ids.length === 0) return Promise.resolve([] as { id: number; displayName: string }[]);
  return db.selectFrom('users').select(['id', 'displayName']).where('id', 'in', [...ids]).execute();
}

export async function jurisdictionTimeZone(db: Executor, jurisdictionId: number): Promise<string> {
  const row = await db.selectFrom('jurisdictions').select('timezone').where('id', '=', jurisdictionId).executeTakeFirst();
  return row?.timezone ?? 'Asia/Shanghai';
}

export async function getSetting<T>(db: Executor, jurisdictionId: number, key: string): Promise<T | null> {
  const row = await db.selectFrom('settings').select('value').where('jurisdictionId', '=', jurisdictionId).where('key', '=', key).executeTakeFirst();
  return row ? (row.value as T) : null;
}

export function putSetting(db: Executor, jurisdictionId: number, key: string, value: unknown) {
  return db
    .insertInto('settings')
    .values({ jurisdictionId, key, value: JSON.stringify(value) })
    .onConflict((oc) => oc.columns(['jurisdictionId', 'key']).doUpdateSet({ value: JSON.stringify(value), updatedAt: new Date() }))
    .execute();
}

// ---------------------------------------------------------------- people

export function insertPeople(db: Executor, rows: Insertable<MediationPeopleTable>[]) {
  if (rows.length === 0) return Promise.resolve([] as PersonRow[]);
  return db.insertInto('mediationPeople').values(rows).returningAll().execute();
}

export function findPerson(db: Executor, id: number) {
  return db.selectFrom('mediationPeople').selectAll().where('id', '=', id).executeTakeFirst();
}

export function peopleOf(db: Executor, owner: 'intake' | 'dispute' | 'petition', id: number) {
  const col = owner === 'intake' ? 'intakeId' : owner === 'dispute' ? 'disputeId' : 'petitionId';
  return db.selectFrom('mediationPeople').selectAll().where(col, '=', id).orderBy('sort').orderBy('id').execute();
}

export function setConsent(db: Executor, id: number, consentAt: Date | null, note: string | null) {
  return db.updateTable('mediationPeople').set({ consentAt, consentNote: note }).where('id', '=', id).execute();
}

// ---------------------------------------------------------------- intakes

export function insertIntake(db: Executor, v: Insertable<MediationIntakesTable>) {
  return db.insertInto('mediationIntakes').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findIntake(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('mediationIntakes').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function updateIntake(db: Executor, id: number, version: number, v: Updateable<MediationIntakesTable>) {
  return db
    .updateTable('mediationIntakes')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export interface IntakeFilter {
  jurisdictionId: number;
  from?: Date;
  to?: Date;
  channel?: string;
  track?: string | 'unrouted';
  collective?: boolean;
  q?: string;
}

function intakeBase(db: Executor, f: IntakeFilter) {
  let q = db.selectFrom('mediationIntakes').where('mediationIntakes.jurisdictionId', '=', f.jurisdictionId);
  if (f.from) q = q.where('mediationIntakes.receivedAt', '>=', f.from);
  if (f.to) q = q.where('mediationIntakes.receivedAt', '<=', f.to);
  if (f.channel) q = q.where('mediationIntakes.channel', '=', f.channel as IntakeRow['channel']);
  if (f.track === 'unrouted') q = q.where('mediationIntakes.track', 'is', null);
  else if (f.track) q = q.where('mediationIntakes.track', '=', f.track as NonNullable<IntakeRow['track']>);
  if (f.collective !== undefined) q = q.where('mediationIntakes.collective', '=', f.collective);
  if (f.q) q = q.where((eb) => eb.or([eb('mediationIntakes.matter', 'ilike', `%${f.q}%`), eb('mediationIntakes.code', 'ilike', `%${f.q}%`)]));
  return q;
}

export async function listIntakes(db: Executor, f: IntakeFilter, page: { offset: number; limit: number; sort: string; desc: boolean }) {
  const sortCol = page.sort === 'peopleCount' ? 'mediationIntakes.peopleCount' : 'mediationIntakes.receivedAt';
  const [rows, total] = await Promise.all([
    intakeBase(db, f)
      .leftJoin('users', 'users.id', 'mediationIntakes.receiverId')
      .selectAll('mediationIntakes')
      .select('users.displayName as receiverName')
      .orderBy(sortCol, page.desc ? 'desc' : 'asc')
      .orderBy('mediationIntakes.id', page.desc ? 'desc' : 'asc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    intakeBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// ---------------------------------------------------------------- disputes

export function insertDispute(db: Executor, v: Insertable<MediationDisputesTable>) {
  return db
    .insertInto('mediationDisputes')
    .values({ ...v, routesTold: JSON.stringify(v.routesTold ?? []) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findDispute(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('mediationDisputes').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function updateDispute(db: Executor, id: number, version: number, v: Updateable<MediationDisputesTable>) {
  const set = v.routesTold !== undefined ? { ...v, routesTold: JSON.stringify(v.routesTold) } : v;
  return db
    .updateTable('mediationDisputes')
    .set((eb) => ({ ...set, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function linksOf(db: Executor, disputeId: number) {
  return db
    .selectFrom('mediationDisputeLinks')
    .innerJoin('orgUnits', 'orgUnits.id', 'mediationDisputeLinks.orgUnitId')
    .selectAll('mediationDisputeLinks')
    .select('orgUnits.name as orgUnitName')
    .where('mediationDisputeLinks.disputeId', '=', disputeId)
    .orderBy('mediationDisputeLinks.linkedAt')
    .orderBy('mediationDisputeLinks.id')
    .execute();
}

export async function activeLinkUnitIds(db: Executor, disputeId: number): Promise<number[]> {
  const rows = await db
    .selectFrom('mediationDisputeLinks')
    .select('orgUnitId')
    .where('disputeId', '=', disputeId)
    .where('active', '=', true)
    .execute();
  return rows.map((r) => r.orgUnitId);
}

export function upsertLink(
  db: Executor,
  v: { jurisdictionId: number; disputeId: number; orgUnitId: number; lead: boolean; note: string; linkedBy: number | null },
) {
  return db
    .insertInto('mediationDisputeLinks')
    .values({ ...v, active: true })
    .onConflict((oc) =>
      oc.columns(['disputeId', 'orgUnitId']).doUpdateSet({ active: true, lead: v.lead, note: v.note, linkedBy: v.linkedBy, linkedAt: new Date(), unlinkedAt: null }),
    )
    .execute();
}

export function clearLead(db: Executor, disputeId: number) {
  return db.updateTable('mediationDisputeLinks').set({ lead: false }).where('disputeId', '=', disputeId).execute();
}

export function deactivateLink(db: Executor, disputeId: number, orgUnitId: number) {
  return db
    .updateTable('mediationDisputeLinks')
    .set({ active: false, lead: false, unlinkedAt: new Date() })
    .where('disputeId', '=', disputeId)
    .where('orgUnitId', '=', orgUnitId)
    .where('active', '=', true)
    .executeTakeFirst();
}

export interface DisputeFilter {
  jurisdictionId: number;
  /** Only cases with an active link to this department. */
  linkedOrgUnitId?: number;
  status?: string;
  type?: string;
  from?: Date;
  to?: Date;
  q?: string;
  projectKey?: string;
  contractorKey?: string;
  overdueAt?: Date;
}

function disputeBase(db: Executor, f: DisputeFilter) {
  let q = db.selectFrom('mediationDisputes').where('mediationDisputes.jurisdictionId', '=', f.jurisdictionId);
  if (f.linkedOrgUnitId !== undefined) {
    const unit = f.linkedOrgUnitId;
    q = q.where((eb) =>
      eb.exists(
        eb
          .selectFrom('mediationDisputeLinks')
          .select('mediationDisputeLinks.id')
          .whereRef('mediationDisputeLinks.disputeId', '=', 'mediationDisputes.id')
          .where('mediationDisputeLinks.orgUnitId', '=', unit)
          .where('mediationDisputeLinks.active', '=', true),
      ),
    );
  }
  if (f.status) q = q.where('mediationDisputes.status', '=', f.status as DisputeRow['status']);
  if (f.type) q = q.where('mediationDisputes.type', '=', f.type as DisputeRow['type']);
  if (f.from) q = q.where('mediationDisputes.receivedAt', '>=', f.from);
  if (f.to) q = q.where('mediationDisputes.receivedAt', '<=', f.to);
  if (f.projectKey) q = q.where('mediationDisputes.projectKey', '=', f.projectKey);
  if (f.contractorKey) q = q.where('mediationDisputes.contractorKey', '=', f.contractorKey);
  if (f.overdueAt) {
    q = q
      .where('mediationDisputes.dueAt', '<', f.overdueAt)
      .where('mediationDisputes.status', 'in', ['registered', 'accepted', 'mediating', 'transferred']);
  }
  if (f.q) {
    const like = `%${f.q}%`;
    q = q.where((eb) =>
      eb.or([
        eb('mediationDisputes.title', 'ilike', like),
        eb('mediationDisputes.code', 'ilike', like),
        eb('mediationDisputes.projectName', 'ilike', like),
        eb('mediationDisputes.contractorName', 'ilike', like),
      ]),
    );
  }
  return q;
}

export async function listDisputes(db: Executor, f: DisputeFilter, page: { offset: number; limit: number; sort: string; desc: boolean }) {
  const sortCol =
    page.sort === 'amountClaimed' ? 'mediationDisputes.amountClaimed' : page.sort === 'dueAt' ? 'mediationDisputes.dueAt' : 'mediationDisputes.receivedAt';
  const [rows, total] = await Promise.all([
    disputeBase(db, f)
      .selectAll('mediationDisputes')
      .orderBy(sortCol, page.desc ? 'desc' : 'asc')
      .orderBy('mediationDisputes.id', page.desc ? 'desc' : 'asc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    disputeBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

export function sessionsOf(db: Executor, disputeId: number) {
  return db
    .selectFrom('mediationSessions')
    .leftJoin('orgUnits', 'orgUnits.id', 'mediationSessions.orgUnitId')
    .selectAll('mediationSessions')
    .select('orgUnits.name as orgUnitName')
    .where('disputeId', '=', disputeId)
    .orderBy('heldAt')
    .orderBy('mediationSessions.id')
    .execute();
}

export function insertSession(db: Executor, v: Insertable<MediationSessionsTable>) {
  return db.insertInto('mediationSessions').values(v).returningAll().executeTakeFirstOrThrow();
}

export function agreementsOf(db: Executor, disputeId: number) {
  return db.selectFrom('mediationAgreements').selectAll().where('disputeId', '=', disputeId).orderBy('id').execute();
}

export function currentAgreement(db: Executor, disputeId: number) {
  return db
    .selectFrom('mediationAgreements')
    .selectAll()
    .where('disputeId', '=', disputeId)
    .where('current', '=', true)
    .orderBy('id', 'desc')
    .executeTakeFirst();
}

export async function insertAgreement(db: Executor, v: Insertable<MediationAgreementsTable>) {
  await db.updateTable('mediationAgreements').set({ current: false }).where('disputeId', '=', v.disputeId).execute();
  return db.insertInto('mediationAgreements').values({ ...v, current: true }).returningAll().executeTakeFirstOrThrow();
}

export function updateAgreement(db: Executor, id: number, version: number, v: Updateable<MediationAgreementsTable>) {
  return db
    .updateTable('mediationAgreements')
    .set((eb) => ({ ...v, version: eb('version', '+', 1) }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function paymentsOf(db: Executor, disputeId: number) {
  return db.selectFrom('mediationPayments').selectAll().where('disputeId', '=', disputeId).orderBy('paidOn').orderBy('id').execute();
}

export function insertPayment(db: Executor, v: Insertable<MediationPaymentsTable>) {
  return db.insertInto('mediationPayments').values(v).returningAll().executeTakeFirstOrThrow();
}

export function followupsOf(db: Executor, disputeId: number) {
  return db
    .selectFrom('mediationFollowups')
    .leftJoin('users', 'users.id', 'mediationFollowups.userId')
    .selectAll('mediationFollowups')
    .select('users.displayName as userName')
    .where('disputeId', '=', disputeId)
    .orderBy('calledAt')
    .orderBy('mediationFollowups.id')
    .execute();
}

export function insertFollowup(db: Executor, v: Insertable<MediationFollowupsTable>) {
  return db.insertInto('mediationFollowups').values(v).returningAll().executeTakeFirstOrThrow();
}

export async function countFollowups(db: Executor, disputeId: number): Promise<number> {
  const r = await db
    .selectFrom('mediationFollowups')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('disputeId', '=', disputeId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

// ---------------------------------------------------------------- petitions

export function insertPetition(db: Executor, v: Insertable<MediationPetitionsTable>) {
  return db.insertInto('mediationPetitions').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findPetition(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('mediationPetitions').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function findPetitionByTrackCode(db: Executor, trackCode: string) {
  return db.selectFrom('mediationPetitions').selectAll().where('trackCode', '=', trackCode).executeTakeFirst();
}

export function updatePetition(db: Executor, id: number, version: number, v: Updateable<MediationPetitionsTable>) {
  return db
    .updateTable('mediationPetitions')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

/** Sets the rating once: answers undefined when the petition was already rated. */
export function ratePetition(db: Executor, id: number, v: { rating: NonNullable<PetitionRow['rating']>; ratingComment: string }) {
  return db
    .updateTable('mediationPetitions')
    .set({ ...v, ratedAt: new Date(), updatedAt: new Date() })
    .where('id', '=', id)
    .where('rating', 'is', null)
    .returningAll()
    .executeTakeFirst();
}

export interface PetitionFilter {
  jurisdictionId: number;
  /** Only petitions forwarded or assigned to this department. */
  orgUnitId?: number;
  status?: string;
  type?: string;
  from?: Date;
  to?: Date;
  q?: string;
}

function petitionBase(db: Executor, f: PetitionFilter) {
  let q = db.selectFrom('mediationPetitions').where('jurisdictionId', '=', f.jurisdictionId);
  if (f.orgUnitId !== undefined) {
    const unit = f.orgUnitId;
    q = q.where((eb) => eb.or([eb('handlingOrgUnitId', '=', unit), eb('forwardedOrgUnitId', '=', unit)]));
  }
  if (f.status) q = q.where('status', '=', f.status as PetitionRow['status']);
  if (f.type) q = q.where('type', '=', f.type as PetitionRow['type']);
  if (f.from) q = q.where('registeredAt', '>=', f.from);
  if (f.to) q = q.where('registeredAt', '<=', f.to);
  if (f.q) q = q.where((eb) => eb.or([eb('title', 'ilike', `%${f.q}%`), eb('code', 'ilike', `%${f.q}%`)]));
  return q;
}

export async function listPetitions(db: Executor, f: PetitionFilter, page: { offset: number; limit: number; sort: string; desc: boolean }) {
  const sortCol = page.sort === 'acceptDueAt' ? 'acceptDueAt' : page.sort === 'handleDueAt' ? 'handleDueAt' : 'registeredAt';
  const [rows, total] = await Promise.all([
    petitionBase(db, f)
      .selectAll()
      .orderBy(sortCol, page.desc ? 'desc' : 'asc')
      .orderBy('id', page.desc ? 'desc' : 'asc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    petitionBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Petitions with an open stage whose due time falls before `until` (for the near-limit rule). */
export function petitionsWithOpenStages(db: Executor, jurisdictionId: number, until: Date) {
  return db
    .selectFrom('mediationPetitions')
    .selectAll()
    .where('jurisdictionId', '=', jurisdictionId)
    .where((eb) =>
      eb.or([
        eb.and([eb('status', '=', 'registered'), eb('acceptDueAt', '<=', until)]),
        eb.and([eb('status', '=', 'accepted'), eb('handleDueAt', '<=', until)]),
        eb.and([eb('status', '=', 'review_requested'), eb('reviewDueAt', '<=', until)]),
        eb.and([eb('status', '=', 'rereview_requested'), eb('rereviewDueAt', '<=', until)]),
      ]),
    )
    .orderBy('id')
    .execute();
}

// ---------------------------------------------------------------- clues

export function insertClue(db: Executor, v: Insertable<MediationCluesTable>) {
  return db.insertInto('mediationClues').values(v).returningAll().executeTakeFirstOrThrow();
}

export function findClue(db: Executor, id: number, lock = false) {
  const q = db.selectFrom('mediationClues').selectAll().where('id', '=', id);
  return (lock ? q.forUpdate() : q).executeTakeFirst();
}

export function updateClue(db: Executor, id: number, version: number, v: Updateable<MediationCluesTable>) {
  return db
    .updateTable('mediationClues')
    .set((eb) => ({ ...v, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst();
}

export function sharesOf(db: Executor, clueId: number) {
  return db
    .selectFrom('mediationClueShares')
    .innerJoin('orgUnits', 'orgUnits.id', 'mediationClueShares.orgUnitId')
    .select(['mediationClueShares.orgUnitId', 'orgUnits.name as orgUnitName', 'mediationClueShares.sharedAt'])
    .where('clueId', '=', clueId)
    .orderBy('mediationClueShares.sharedAt')
    .execute();
}

export function insertShares(db: Executor, rows: { clueId: number; orgUnitId: number; jurisdictionId: number; sharedBy: number | null }[]) {
  if (rows.length === 0) return Promise.resolve();
  return db
    .insertInto('mediationClueShares')
    .values(rows)
    .onConflict((oc) => oc.columns(['clueId', 'orgUnitId']).doNothing())
    .execute()
    .then(() => undefined);
}

export function clueFollowupsOf(db: Executor, clueId: number) {
  return db
    .selectFrom('mediationClueFollowups')
    .leftJoin('users', 'users.id', 'mediationClueFollowups.userId')
    .leftJoin('orgUnits', 'orgUnits.id', 'mediationClueFollowups.orgUnitId')
    .select([
      'mediationClueFollowups.id',
      'mediationClueFollowups.at',
      'mediationClueFollowups.note',
      'users.displayName as userName',
      'orgUnits.name as orgUnitName',
    ])
    .where('clueId', '=', clueId)
    .orderBy('mediationClueFollowups.at')
    .orderBy('mediationClueFollowups.id')
    .execute();
}

export function insertClueFollowup(db: Executor, v: { jurisdictionId: number; clueId: number; userId: number | null; orgUnitId: number | null; note: string; at?: Date }) {
  return db.insertInto('mediationClueFollowups').values(v).returningAll().executeTakeFirstOrThrow();
}

export interface ClueFilter {
  jurisdictionId: number;
  /** Only clues recorded by or shared with this department. */
  orgUnitId?: number;
  status?: string;
  kind?: string;
  from?: Date;
  to?: Date;
}

function clueBase(db: Executor, f: ClueFilter) {
  let q = db.selectFrom('mediationClues').where('mediationClues.jurisdictionId', '=', f.jurisdictionId);
  if (f.orgUnitId !== undefined) {
    const unit = f.orgUnitId;
    q = q.where((eb) =>
      eb.or([
        eb('mediationClues.sourceOrgUnitId', '=', unit),
        eb.exists(
          eb
            .selectFrom('mediationClueShares')
            .select('mediationClueShares.clueId')
            .whereRef('mediationClueShares.clueId', '=', 'mediationClues.id')
            .where('mediationClueShares.orgUnitId', '=', unit),
        ),
      ]),
    );
  }
  if (f.status) q = q.where('mediationClues.status', '=', f.status as ClueRow['status']);
  if (f.kind) q = q.where('mediationClues.kind', '=', f.kind as ClueRow['kind']);
  if (f.from) q = q.where('mediationClues.reportedAt', '>=', f.from);
  if (f.to) q = q.where('mediationClues.reportedAt', '<=', f.to);
  return q;
}

export async function listClues(db: Executor, f: ClueFilter, page: { offset: number; limit: number; desc: boolean }) {
  const [rows, total] = await Promise.all([
    clueBase(db, f)
      .leftJoin('orgUnits', 'orgUnits.id', 'mediationClues.sourceOrgUnitId')
      .selectAll('mediationClues')
      .select('orgUnits.name as sourceOrgUnitName')
      .orderBy('mediationClues.reportedAt', page.desc ? 'desc' : 'asc')
      .orderBy('mediationClues.id', page.desc ? 'desc' : 'asc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    clueBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

// ---------------------------------------------------------------- warnings

export function ruleRows(db: Executor, jurisdictionId: number) {
  return db.selectFrom('mediationWarningRules').selectAll().where('jurisdictionId', '=', jurisdictionId).execute();
}

export function upsertRule(
  db: Executor,
  v: { jurisdictionId: number; rule: WarningRule; enabled: boolean; params: Record<string, number>; updatedBy: number | null },
) {
  const params = JSON.stringify(v.params);
  return db
    .insertInto('mediationWarningRules')
    .values({ ...v, params })
    .onConflict((oc) =>
      oc.columns(['jurisdictionId', 'rule']).doUpdateSet((eb) => ({
        enabled: v.enabled,
        params,
        updatedBy: v.updatedBy,
        updatedAt: new Date(),
        version: eb('mediationWarningRules.version', '+', 1),
      })),
    )
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findOpenWarning(db: Executor, jurisdictionId: number, subjectKey: string) {
  return db
    .selectFrom('mediationWarnings')
    .selectAll()
    .where('jurisdictionId', '=', jurisdictionId)
    .where('subjectKey', '=', subjectKey)
    .where('status', '=', 'open')
    .executeTakeFirst();
}

export function warningsBySubject(db: Executor, jurisdictionId: number, subjectKey: string) {
  return db
    .selectFrom('mediationWarnings')
    .selectAll()
    .where('jurisdictionId', '=', jurisdictionId)
    .where('subjectKey', '=', subjectKey)
    .orderBy('id')
    .execute();
}

export function insertWarning(db: Executor, v: Insertable<MediationWarningsTable>) {
  return db
    .insertInto('mediationWarnings')
    .values({ ...v, facts: JSON.stringify(v.facts ?? {}) })
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function refreshWarning(db: Executor, id: number, v: { detail: string; facts: Record<string, unknown>; level: WarningRow['level'] }) {
  return db
    .updateTable('mediationWarnings')
    .set((eb) => ({ detail: v.detail, facts: JSON.stringify(v.facts), level: v.level, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
}

export function findWarning(db: Executor, id: number) {
  return db.selectFrom('mediationWarnings').selectAll().where('id', '=', id).executeTakeFirst();
}

export function closeWarning(db: Executor, id: number, version: number, v: { closedBy: number | null; closeNote: string; closedAt: Date }) {
  return db
    .updateTable('mediationWarnings')
    .set((eb) => ({ ...v, status: 'closed' as const, version: eb('version', '+', 1), updatedAt: new Date() }))
    .where('id', '=', id)
    .where('version', '=', version)
    .where('status', '=', 'open')
    .returningAll()
    .executeTakeFirst();
}

export interface WarningFilter {
  jurisdictionId: number;
  status?: string;
  rule?: string;
  from?: Date;
  to?: Date;
}

function warningBase(db: Executor, f: WarningFilter) {
  let q = db.selectFrom('mediationWarnings').where('jurisdictionId', '=', f.jurisdictionId);
  if (f.status) q = q.where('status', '=', f.status as WarningRow['status']);
  if (f.rule) q = q.where('rule', '=', f.rule as WarningRule);
  if (f.from) q = q.where('raisedAt', '>=', f.from);
  if (f.to) q = q.where('raisedAt', '<=', f.to);
  return q;
}

export async function listWarnings(db: Executor, f: WarningFilter, page: { offset: number; limit: number; desc: boolean }) {
  const [rows, total] = await Promise.all([
    warningBase(db, f)
      .selectAll()
      .orderBy('raisedAt', page.desc ? 'desc' : 'asc')
      .orderBy('id', page.desc ? 'desc' : 'asc')
      .offset(page.offset)
      .limit(page.limit)
      .execute(),
    warningBase(db, f).select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(total.n) };
}

/** Wage complaints (wage disputes, and wage petitions that did not become a dispute) received in the window. */
export async function wageComplaints(db: Executor, jurisdictionId: number, from: Date, to: Date) {
  const disputes = await db
    .selectFrom('mediationDisputes')
    .select(['id', 'receivedAt as at', 'projectKey', 'projectName', 'contractorKey', 'contractorName'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('type', '=', 'wage')
    .where('receivedAt', '>', from)
    .where('receivedAt', '<=', to)
    .execute();
  const petitions = await db
    .selectFrom('mediationPetitions')
    .select(['id', 'registeredAt as at', 'projectKey', 'projectName', 'contractorKey', 'contractorName'])
    .where('jurisdictionId', '=', jurisdictionId)
    .where('type', '=', 'wage')
    .where('disputeId', 'is', null)
    .where('registeredAt', '>', from)
    .where('registeredAt', '<=', to)
    .execute();
  return [...disputes.map((d) => ({ ...d, kind: 'dispute' as const })), ...petitions.map((p) => ({ ...p, kind: 'petition' as const }))];
}

export function collectiveIntakesSince(db: Executor, jurisdictionId: number, since: Date, until: Date, minPeople: number) {
  return db
    .selectFrom('mediationIntakes')
    .selectAll()
    .where('jurisdictionId', '=', jurisdictionId)
    .where('peopleCount', '>=', minPeople)
    .where('receivedAt', '>', since)
    .where('receivedAt', '<=', until)
    .orderBy('receivedAt')
    .execute();
}

export function reopenedDisputesSince(db: Executor, jurisdictionId: number, since: Date, until: Date) {
  return db
    .selectFrom('mediationDisputes')
    .selectAll()
    .where('jurisdictionId', '=', jurisdictionId)
    .where('reopenedCount', '>', 0)
    .where('lastReopenedAt', '>', since)
    .where('lastReopenedAt', '<=', until)
    .orderBy('lastReopenedAt')
    .execute();
}

// ---------------------------------------------------------------- lawsuit figures

export function insertLitigationFigure(db: Executor, v: Insertable<MediationLitigationFiguresTable>) {
  return db.insertInto('mediationLitigationFigures').values(v).returningAll().executeTakeFirstOrThrow();
}

export function listLitigationFigures(db: Executor, jurisdictionId: number, from?: string, to?: string) {
  let q = db.selectFrom('mediationLitigationFigures').selectAll().where('jurisdictionId', '=', jurisdictionId);
  if (from) q = q.where('periodTo', '>=', from);
  if (to) q = q.where('periodFrom', '<=', to);
  return q.orderBy('periodFrom').orderBy('id').execute();
}

export function findLitigationFigure(db: Executor, id: number) {
  return db.selectFrom('mediationLitigationFigures').selectAll().where('id', '=', id).executeTakeFirst();
}

export function deleteLitigationFigure(db: Executor, id: number) {
  return db.deleteFrom('mediationLitigationFigures').where('id', '=', id).execute();
}

// ---------------------------------------------------------------- figures (aggregates)

export interface Range {
  jurisdictionId: number;
  from: Date;
  to: Date;
  fromDay: string;
  toDay: string;
  timeZone: string;
}

const month = (col: string, tz: string) => sql<string>`to_char(${sql.ref(col)} at time zone ${tz}, 'YYYY-MM')`;

export async function intakeFigures(db: Executor, r: Range) {
  const base = db
    .selectFrom('mediationIntakes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('receivedAt', '>=', r.from)
    .where('receivedAt', '<=', r.to);
  const totals = await base
    .select((eb) => [
      eb.fn.countAll<number>().as('visits'),
      sql<number>`coalesce(sum(people_count), 0)`.as('personTimes'),
      sql<number>`count(*) filter (where collective)`.as('collective'),
      sql<number>`coalesce(sum(people_count) filter (where collective), 0)`.as('collectivePersonTimes'),
      sql<number>`count(*) filter (where track is null)`.as('unrouted'),
    ])
    .executeTakeFirstOrThrow();
  const byMonth = await base
    .select([
      month('received_at', r.timeZone).as('key'),
      sql<number>`count(*)`.as('visits'),
      sql<number>`coalesce(sum(people_count), 0)`.as('personTimes'),
      sql<number>`count(*) filter (where collective)`.as('collective'),
    ])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const byChannel = await base
    .select(['channel as key', sql<number>`count(*)`.as('visits'), sql<number>`coalesce(sum(people_count), 0)`.as('personTimes')])
    .groupBy('channel')
    .orderBy('channel')
    .execute();
  const byTrack = await base
    .select([sql<string>`coalesce(track, 'unrouted')`.as('key'), sql<number>`count(*)`.as('visits'), sql<number>`coalesce(sum(people_count), 0)`.as('personTimes')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  return { totals, byMonth, byChannel, byTrack };
}

/** Disputes received in the range, and disputes concluded (agreement or failure) in the range. */
export async function disputeFigures(db: Executor, r: Range) {
  const received = db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('receivedAt', '>=', r.from)
    .where('receivedAt', '<=', r.to);
  const concluded = db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('concludedAt', '>=', r.from)
    .where('concludedAt', '<=', r.to)
    .where('outcome', 'in', ['agreement', 'failed']);
  const receivedByType = await received
    .select(['type as key', sql<number>`count(*)`.as('n'), sql<number>`coalesce(sum(amount_claimed), 0)`.as('amountClaimed')])
    .groupBy('type')
    .execute();
  const receivedByMonth = await received
    .select([month('received_at', r.timeZone).as('key'), sql<number>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .execute();
  const concludedByType = await concluded
    .select([
      'type as key',
      sql<number>`count(*) filter (where outcome = 'agreement')`.as('resolved'),
      sql<number>`count(*) filter (where outcome = 'failed')`.as('failed'),
      sql<number>`coalesce(sum(extract(epoch from (concluded_at - received_at)) / 86400.0), 0)`.as('daysSum'),
      sql<number>`coalesce(sum(workers_involved) filter (where outcome = 'agreement'), 0)`.as('workersHelped'),
    ])
    .groupBy('type')
    .execute();
  const concludedByMonth = await concluded
    .select([
      month('concluded_at', r.timeZone).as('key'),
      sql<number>`count(*) filter (where outcome = 'agreement')`.as('resolved'),
      sql<number>`count(*) filter (where outcome = 'failed')`.as('failed'),
    ])
    .groupBy(sql`1`)
    .execute();
  const byDepartment = await db
    .selectFrom('mediationDisputeLinks')
    .innerJoin('mediationDisputes', 'mediationDisputes.id', 'mediationDisputeLinks.disputeId')
    .innerJoin('orgUnits', 'orgUnits.id', 'mediationDisputeLinks.orgUnitId')
    .where('mediationDisputes.jurisdictionId', '=', r.jurisdictionId)
    .where('mediationDisputes.receivedAt', '>=', r.from)
    .where('mediationDisputes.receivedAt', '<=', r.to)
    .select([
      'orgUnits.id as orgUnitId',
      'orgUnits.name as orgUnitName',
      sql<number>`count(*)`.as('linked'),
      sql<number>`count(*) filter (where mediation_dispute_links.lead)`.as('lead'),
      sql<number>`count(*) filter (where mediation_disputes.outcome = 'agreement')`.as('resolved'),
    ])
    .groupBy(['orgUnits.id', 'orgUnits.name'])
    .orderBy('orgUnits.id')
    .execute();
  const open = await db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('receivedAt', '<=', r.to)
    .where('status', 'in', ['registered', 'accepted', 'mediating', 'transferred'])
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  const reopened = await db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('lastReopenedAt', '>=', r.from)
    .where('lastReopenedAt', '<=', r.to)
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .executeTakeFirstOrThrow();
  return { receivedByType, receivedByMonth, concludedByType, concludedByMonth, byDepartment, open: Number(open.n), reopened: Number(reopened.n) };
}

/** Wage amounts: claimed on wage disputes received in the range; paid (recovered) in the range on wage disputes. */
export async function wageFigures(db: Executor, r: Range) {
  const claimed = await db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('type', '=', 'wage')
    .where('receivedAt', '>=', r.from)
    .where('receivedAt', '<=', r.to)
    .select([
      sql<number>`coalesce(sum(amount_claimed), 0)`.as('yuan'),
      sql<number>`count(*)`.as('cases'),
      sql<number>`coalesce(sum(workers_involved), 0)`.as('workers'),
    ])
    .executeTakeFirstOrThrow();
  const paidBase = db
    .selectFrom('mediationPayments')
    .innerJoin('mediationDisputes', 'mediationDisputes.id', 'mediationPayments.disputeId')
    .where('mediationPayments.jurisdictionId', '=', r.jurisdictionId)
    .where('mediationDisputes.type', '=', 'wage')
    .where('mediationPayments.paidOn', '>=', r.fromDay)
    .where('mediationPayments.paidOn', '<=', r.toDay);
  const paid = await paidBase
    .select([
      sql<number>`coalesce(sum(mediation_payments.amount), 0)`.as('yuan'),
      sql<number>`count(distinct mediation_payments.dispute_id)`.as('cases'),
      sql<number>`count(*)`.as('payments'),
    ])
    .executeTakeFirstOrThrow();
  const paidByMonth = await paidBase
    .select([sql<string>`to_char(mediation_payments.paid_on, 'YYYY-MM')`.as('key'), sql<number>`coalesce(sum(mediation_payments.amount), 0)`.as('yuan')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const agreed = await db
    .selectFrom('mediationAgreements')
    .innerJoin('mediationDisputes', 'mediationDisputes.id', 'mediationAgreements.disputeId')
    .where('mediationAgreements.jurisdictionId', '=', r.jurisdictionId)
    .where('mediationDisputes.type', '=', 'wage')
    .where('mediationAgreements.current', '=', true)
    .where('mediationAgreements.signedOn', '>=', r.fromDay)
    .where('mediationAgreements.signedOn', '<=', r.toDay)
    .select([sql<number>`coalesce(sum(mediation_agreements.amount_agreed), 0)`.as('yuan')])
    .executeTakeFirstOrThrow();
  /** Workers of wage disputes resolved (agreement) in the range. */
  const helped = await db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('type', '=', 'wage')
    .where('outcome', '=', 'agreement')
    .where('concludedAt', '>=', r.from)
    .where('concludedAt', '<=', r.to)
    .select([sql<number>`coalesce(sum(workers_involved), 0)`.as('workers'), sql<number>`count(*)`.as('cases')])
    .executeTakeFirstOrThrow();
  return { claimed, paid, paidByMonth, agreed, helped };
}

export async function petitionFigures(db: Executor, r: Range) {
  const base = db
    .selectFrom('mediationPetitions')
    .where('mediationPetitions.jurisdictionId', '=', r.jurisdictionId)
    .where('mediationPetitions.registeredAt', '>=', r.from)
    .where('mediationPetitions.registeredAt', '<=', r.to);
  const totals = await base
    .select([
      sql<number>`count(*)`.as('received'),
      sql<number>`count(*) filter (where collective)`.as('collective'),
      sql<number>`count(*) filter (where accept_decision = 'forwarded')`.as('forwarded'),
      sql<number>`count(*) filter (where accept_decision = 'accepted')`.as('accepted'),
      sql<number>`count(*) filter (where accept_decision = 'not_accepted')`.as('notAccepted'),
      sql<number>`count(*) filter (where accept_decision is null)`.as('awaitingDecision'),
      sql<number>`count(*) filter (where accept_decided_at is not null)`.as('acceptDecided'),
      sql<number>`count(*) filter (where accept_on_time)`.as('acceptOnTime'),
      sql<number>`count(*) filter (where decided_at is not null)`.as('handled'),
      sql<number>`count(*) filter (where handle_on_time)`.as('handledOnTime'),
      sql<number>`count(*) filter (where extended)`.as('extended'),
      sql<number>`count(*) filter (where review_requested_at is not null)`.as('reviews'),
      sql<number>`count(*) filter (where rereview_requested_at is not null)`.as('rereviews'),
      sql<number>`count(*) filter (where rating is not null)`.as('rated'),
      sql<number>`count(*) filter (where rating = 'satisfied')`.as('satisfied'),
      sql<number>`count(*) filter (where rating = 'basic')`.as('basicallySatisfied'),
    ])
    .executeTakeFirstOrThrow();
  const byOutcome = await base
    .where('decisionOutcome', 'is not', null)
    .select(['decisionOutcome as key', sql<number>`count(*)`.as('n')])
    .groupBy('decisionOutcome')
    .execute();
  const byStatus = await base.select(['status as key', sql<number>`count(*)`.as('n')]).groupBy('status').execute();
  const byType = await base.select(['type as key', sql<number>`count(*)`.as('n')]).groupBy('type').execute();
  const byMonth = await base
    .select([month('registered_at', r.timeZone).as('key'), sql<number>`count(*)`.as('n')])
    .groupBy(sql`1`)
    .orderBy(sql`1`)
    .execute();
  const byDepartment = await base
    .innerJoin('orgUnits', 'orgUnits.id', 'mediationPetitions.handlingOrgUnitId')
    .select([
      'orgUnits.id as orgUnitId',
      'orgUnits.name as orgUnitName',
      sql<number>`count(*)`.as('assigned'),
      sql<number>`count(*) filter (where mediation_petitions.decided_at is not null)`.as('handled'),
      sql<number>`count(*) filter (where mediation_petitions.handle_on_time)`.as('handledOnTime'),
    ])
    .groupBy(['orgUnits.id', 'orgUnits.name'])
    .orderBy('orgUnits.id')
    .execute();
  return { totals, byOutcome, byStatus, byType, byMonth, byDepartment };
}

/** Wage disputes received in the range, per project and per contractor (grouped by the normalised key). */
export async function wageGroups(db: Executor, r: Range, by: 'project' | 'contractor') {
  const key = by === 'project' ? 'projectKey' : 'contractorKey';
  const name = by === 'project' ? 'project_name' : 'contractor_name';
  return db
    .selectFrom('mediationDisputes')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('type', '=', 'wage')
    .where('receivedAt', '>=', r.from)
    .where('receivedAt', '<=', r.to)
    .where(key, 'is not', null)
    .select([
      sql<string>`max(${sql.ref(name)})`.as('name'),
      sql<number>`count(*)`.as('disputes'),
      sql<number>`coalesce(sum(workers_involved), 0)`.as('workers'),
      sql<number>`coalesce(sum(amount_claimed), 0)`.as('amountClaimed'),
    ])
    .groupBy(key)
    .orderBy(sql`2`, 'desc')
    .execute();
}

/** Entered lawsuit/arbitration figures whose period lies inside the range (a figure straddling the range is left out). */
export async function litigationTotals(db: Executor, r: Range) {
  return db
    .selectFrom('mediationLitigationFigures')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('periodFrom', '>=', r.fromDay)
    .where('periodTo', '<=', r.toDay)
    .select(['kind as key', sql<number>`coalesce(sum(count), 0)`.as('n'), sql<number>`count(*)`.as('entries')])
    .groupBy('kind')
    .execute();
}

export async function clueFigures(db: Executor, r: Range) {
  const clues = await db
    .selectFrom('mediationClues')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('reportedAt', '>=', r.from)
    .where('reportedAt', '<=', r.to)
    .select([
      sql<number>`count(*)`.as('recorded'),
      sql<number>`count(*) filter (where status = 'converted')`.as('converted'),
      sql<number>`count(*) filter (where status = 'closed')`.as('closed'),
      sql<number>`count(*) filter (where status in ('open', 'following'))`.as('open'),
      sql<number>`count(*) filter (where exists (select 1 from mediation_clue_shares s where s.clue_id = mediation_clues.id))`.as('shared'),
    ])
    .executeTakeFirstOrThrow();
  const cluesByKind = await db
    .selectFrom('mediationClues')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('reportedAt', '>=', r.from)
    .where('reportedAt', '<=', r.to)
    .select(['kind as key', sql<number>`count(*)`.as('n')])
    .groupBy('kind')
    .execute();
  const warnings = await db
    .selectFrom('mediationWarnings')
    .where('jurisdictionId', '=', r.jurisdictionId)
    .where('raisedAt', '>=', r.from)
    .where('raisedAt', '<=', r.to)
    .select(['rule as key', sql<number>`count(*)`.as('raised'), sql<number>`count(*) filter (where status = 'closed')`.as('closed')])
    .groupBy('rule')
    .execute();
  return { clues, cluesByKind, warnings };
}
