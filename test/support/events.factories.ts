// Builders for the events module: a small world (two grids, two departments, one user per role, categories)
// and events written straight through the database with their figures recorded as the service would.
import { sql } from 'kysely';
import type { Executor } from '../../src/server/db/database.ts';
import type { Insertable } from 'kysely';
import type { EventsTable, StageLimits } from '../../src/server/modules/events/events.table.ts';
import { EVENT_NO_PROGRESS, newTrackingCode, recordFigures } from '../../src/server/modules/events/events.service.ts';
import type { EventSource, EventStatus } from '../../src/server/modules/events/events.workflow.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from './factories.ts';
import { assignGridWorker, buildGrid, rectBoundary } from './grids.factories.ts';

let counter = 0;
const uniq = () => `${Date.now().toString(36)}${(counter++).toString(36)}`;

export async function buildCategory(
  db: Executor,
  jurisdictionId: number,
  over: { parentId?: number | null; code?: string; name?: string; departmentId?: number | null; timeLimits?: StageLimits; publicVisible?: boolean } = {},
) {
  const code = over.code ?? `C${uniq()}`;
  return db
    .insertInto('eventCategories')
    .values({
      jurisdictionId,
      parentId: over.parentId ?? null,
      code,
      name: over.name ?? `分类${code}`,
      departmentId: over.departmentId ?? null,
      timeLimits: JSON.stringify(over.timeLimits ?? {}),
      publicVisible: over.publicVisible ?? false,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
}

/** A bare enterprise row (only what the events tests need: an id users can belong to). */
export async function buildEnterpriseRow(db: Executor, jurisdictionId: number, name: string): Promise<number> {
  const r = await sql<{ id: number }>`insert into enterprises (jurisdiction_id, credit_code, name) values (${jurisdictionId}, ${`EV${uniq()}`}, ${name}) returning id`.execute(db);
  return r.rows[0].id;
}

/** Grid 1 spans lng 117.10–117.15, grid 2 lng 117.15–117.20, both lat 39.20–39.25. */
export const POINT_IN_GRID1: [number, number] = [117.125, 39.225];
export const POINT_IN_GRID2: [number, number] = [117.175, 39.225];
export const POINT_OUTSIDE: [number, number] = [116.5, 39.9];

export async function buildEventWorld(db: Executor) {
  const j = await buildJurisdiction(db);
  const jid = j.id;
  const deptA = await buildOrgUnit(db, jid, { name: '城市管理办公室' });
  const deptB = await buildOrgUnit(db, jid, { name: '劳动保障监察大队' });
  const centre = await buildOrgUnit(db, jid, { name: '指挥中心', kind: 'command_centre' });
  const zone = await buildGrid(db, jid, { level: 'zone', boundary: rectBoundary(117.05, 39.15, 117.25, 39.3) });
  const grid1 = await buildGrid(db, jid, { level: 'base', parentId: zone.id, name: '一号网格', boundary: rectBoundary(117.1, 39.2, 117.15, 39.25) });
  const grid2 = await buildGrid(db, jid, { level: 'base', parentId: zone.id, name: '二号网格', boundary: rectBoundary(117.15, 39.2, 117.2, 39.25) });
  const dispatcher = await buildUser(db, jid, 'dispatcher', { orgUnitId: centre.id, displayName: '调度员' });
  const leader = await buildUser(db, jid, 'leader', { displayName: '领导' });
  const handlerA = await buildUser(db, jid, 'handler', { orgUnitId: deptA.id, displayName: '城管处置员' });
  const handlerB = await buildUser(db, jid, 'handler', { orgUnitId: deptB.id, displayName: '劳动监察员' });
  const gw1 = await buildUser(db, jid, 'grid_worker', { displayName: '网格员一' });
  const gw2 = await buildUser(db, jid, 'grid_worker', { displayName: '网格员二' });
  await assignGridWorker(db, jid, grid1.id, gw1.id);
  await assignGridWorker(db, jid, grid2.id, gw2.id);
  const enterprise1 = await buildEnterpriseRow(db, jid, '测试企业一');
  const enterprise2 = await buildEnterpriseRow(db, jid, '测试企业二');
  const ent1 = await buildUser(db, jid, 'enterprise', { enterpriseId: enterprise1, displayName: '企业一' });
  const ent2 = await buildUser(db, jid, 'enterprise', { enterpriseId: enterprise2, displayName: '企业二' });
  const admin = await buildUser(db, jid, 'admin');
  const cityTop = await buildCategory(db, jid, { name: '市容环境', code: `city${uniq()}`, publicVisible: true });
  const stall = await buildCategory(db, jid, {
    name: '占道经营',
    code: `stall${uniq()}`,
    parentId: cityTop.id,
    departmentId: deptA.id,
    publicVisible: true,
    timeLimits: { handle: { amount: 3, unit: 'working_days' } },
  });
  const labourTop = await buildCategory(db, jid, { name: '劳动保障', code: `labour${uniq()}` });
  const wages = await buildCategory(db, jid, { name: '欠薪', code: `wages${uniq()}`, parentId: labourTop.id, departmentId: deptB.id });
  return {
    jurisdiction: j,
    jid,
    deptA,
    deptB,
    grid1,
    grid2,
    enterprises: { enterprise1, enterprise2 },
    users: { dispatcher, leader, handlerA, handlerB, gw1, gw2, ent1, ent2, admin },
    categories: { cityTop, stall, labourTop, wages },
  };
}

export type EventWorld = Awaited<ReturnType<typeof buildEventWorld>>;

/** An event row as the service would leave it (figures recorded), straight through the database. */
export async function buildEvent(
  db: Executor,
  jurisdictionId: number,
  over: {
    categoryId: number;
    status?: EventStatus;
    source?: EventSource;
    gridId?: number | null;
    departmentId?: number | null;
    enterpriseId?: number | null;
    reporterId?: number | null;
    title?: string;
    description?: string;
    address?: string;
    lng?: number | null;
    lat?: number | null;
    reportedAt?: Date;
    dueAt?: Date | null;
    /** Any other column, as the service would have set it (timestamps, on-time flags, counters). */
    fields?: Partial<Insertable<EventsTable>>;
  },
) {
  const reportedAt = over.reportedAt ?? new Date();
  const status = over.status ?? 'reported';
  const e = await db
    .insertInto('events')
    .values({
      jurisdictionId,
      trackingCode: newTrackingCode(),
      categoryId: over.categoryId,
      title: over.title ?? '测试事件',
      description: over.description ?? '测试事件描述',
      address: over.address ?? '',
      lng: over.lng ?? null,
      lat: over.lat ?? null,
      gridId: over.gridId ?? null,
      source: over.source ?? 'grid_worker',
      externalSystem: null,
      externalId: null,
      status,
      departmentId: over.departmentId ?? null,
      enterpriseId: over.enterpriseId ?? null,
      reporterId: over.reporterId ?? null,
      contactEnc: null,
      contactMasked: null,
      contactIndex: null,
      reportedAt,
      ...EVENT_NO_PROGRESS,
      acceptedAt: status === 'reported' ? null : reportedAt,
      dispatchedAt: ['dispatched', 'in_progress', 'handled', 'verified', 'closed'].includes(status) ? reportedAt : null,
      handledAt: ['handled', 'verified', 'closed'].includes(status) ? reportedAt : null,
      verifiedAt: ['verified', 'closed'].includes(status) ? reportedAt : null,
      closedAt: status === 'closed' ? reportedAt : null,
      stage: status === 'reported' ? 'accept' : null,
      stageStartedAt: reportedAt,
      dueAt: over.dueAt ?? null,
      ...over.fields,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  await recordFigures(db, null, e, 'Asia/Shanghai');
  return e;
}

/** The smallest valid images of each accepted kind (magic bytes are what the server checks). */
export const TINY_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
  'base64',
);
export const TINY_JPEG = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0x00, 0x10, 0x4a, 0x46, 0x49, 0x46, 0x00, 0x01, 0xff, 0xd9]);

/** A multipart/form-data body with the given files. */
export function multipart(files: { name: string; data: Buffer; type?: string }[], fields: Record<string, string> = {}) {
  const boundary = `----zhili${uniq()}`;
  const parts: Buffer[] = [];
  for (const [k, v] of Object.entries(fields)) {
    parts.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${k}"\r\n\r\n${v}\r\n`));
  }
  for (const f of files) {
    parts.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${f.name}"\r\nContent-Type: ${f.type ?? 'application/octet-stream'}\r\n\r\n`),
      f.data,
      Buffer.from('\r\n'),
    );
  }
  parts.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(parts), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}
