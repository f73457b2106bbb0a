// Cross-owner attempts, complementing the access matrix (test/access-matrix.test.ts: every route × every role ×
// anonymous). There a role either may use a route or not; here it may use it, but the object belongs to someone
// else: another grid's event, another department's event, dispute, petition, demand or plan task, another
// enterprise's event, demand or registry record, another lawyer's service record, another jurisdiction's anything,
// and the public's other tracking codes. Every route under each object's path (read from the guard's route table,
// so routes added later are attempted too) is called by every outsider with a schema-valid body; none may succeed,
// and no answer — nor any list the outsider can read — may carry the object's marker text. The owners' own view
// is checked too, so a marker that never shows would not make the test pass by accident.
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { scopeFor } from '../../src/server/platform/auth/policy.ts';
import { ROLES } from '../../src/server/platform/auth/roles.ts';
import { registeredRoutes } from '../../src/server/platform/http/guard.ts';
import { createTestApp, type Client, type TestApp } from '../support/app.ts';
import { DB_KINDS } from '../support/db.ts';
import { buildDemandRow } from '../support/enterprise.factories.ts';
import { buildEvent, buildEventWorld, multipart, TINY_JPEG } from '../support/events.factories.ts';
import { buildJurisdiction, buildUser } from '../support/factories.ts';
import { buildUserPerRole, sessionFor, sessionsFor } from '../support/identity.factories.ts';
import { buildDispute, buildPetition } from '../support/mediation.factories.ts';
import { buildDutyLawyer, buildLawFirm, buildLegalService, buildPlanTask, buildWorkPlan } from '../support/records.factories.ts';
import { recordFigures } from './figures.ts';
import { operationsFrom, validValue, type Operation } from './schema-arbitraries.ts';

interface Principal {
  label: string;
  client: Client;
}

interface ObjectCase {
  type: string;
  id: number;
  marker: string;
  /** The object's own path; every route at or under it is attempted. */
  prefix: string;
  readPolicy: string;
  /** Lists an outsider may read: the marker must not be in them. */
  lists: string[];
  owners: Principal[];
  outsiders: Principal[];
}

const SEED = 4242;

describe.each(DB_KINDS)('cross-owner attempts on %s', (kind) => {
  let t: TestApp;
  const cases: ObjectCase[] = [];
  let ops: Operation[];
  let publicCodes: { mine: string; theirs: string; theirMarker: string; theirPhone: string; petition: string };

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    const w = await buildEventWorld(db);
    const { jid } = w;
    const u = w.users;
    const s = async (user: { id: number; jurisdictionId: number }) => sessionFor(t, user);

    // Same-jurisdiction users of every role in the other department (deptB), and every role in another jurisdiction.
    const deptBUsers = await buildUserPerRole(db, jid, w.deptB.id);
    const j2 = await buildJurisdiction(db);
    const j2Users = await buildUserPerRole(db, j2.id);
    const deptBClients = await sessionsFor(t, ROLES.map((r) => deptBUsers[r]));
    const j2Clients = await sessionsFor(t, ROLES.map((r) => j2Users[r]));
    /** Outsiders for an object read under `policy`: other-department users whose scope is narrower than the jurisdiction, and all of j2. */
    const generic = (policy: string): Principal[] => [
      ...ROLES.filter((r) => scopeFor(r, policy) !== 'jurisdiction').map((r, _i) => ({ label: `${r} of another department`, client: deptBClients[ROLES.indexOf(r)] })),
      ...ROLES.map((r, i) => ({ label: `${r} of another jurisdiction`, client: j2Clients[i] })),
    ];

    // An event in grid 1, dispatched to department A, reported by enterprise 1.
    const evMarker = `跨域事件标记${Date.now()}`;
    const ev = await buildEvent(db, jid, {
      categoryId: w.categories.stall.id,
      gridId: w.grid1.id,
      status: 'dispatched',
      departmentId: w.deptA.id,
      enterpriseId: w.enterprises.enterprise1,
      source: 'enterprise',
      title: evMarker,
    });
    cases.push({
      type: 'event',
      id: ev.id,
      marker: evMarker,
      prefix: '/api/events/:id',
      readPolicy: 'events.read',
      lists: ['/api/events?pageSize=200', `/api/events?q=${encodeURIComponent(evMarker)}`, '/api/events/map', '/api/events/export.csv'],
      owners: [
        { label: 'grid worker of grid 1', client: await s(u.gw1) },
        { label: 'handler of department A', client: await s(u.handlerA) },
        { label: 'enterprise 1', client: await s(u.ent1) },
      ],
      outsiders: [
        { label: 'grid worker of another grid', client: await s(u.gw2) },
        { label: 'handler of another department', client: await s(u.handlerB) },
        { label: 'another enterprise', client: await s(u.ent2) },
        ...generic('events.read'),
      ],
    });

    // A demand of enterprise 1 assigned to department A.
    const dMarker = `跨域诉求标记${Date.now()}`;
    const today = new Date().toISOString().slice(0, 10);
    const demand = await buildDemandRow(db, jid, w.enterprises.enterprise1, { collectedAt: new Date(), collectedOn: today, status: 'assigned', assignedUnitId: w.deptA.id });
    await sql`update enterprise_demands set title = ${dMarker} where id = ${demand.id}`.execute(db);
    cases.push({
      type: 'enterprise demand',
      id: demand.id,
      marker: dMarker,
      prefix: '/api/enterprise/demands/:id',
      readPolicy: 'enterprise.demands.read',
      lists: ['/api/enterprise/demands?pageSize=200', `/api/enterprise/demands?q=${encodeURIComponent(dMarker)}`],
      owners: [
        { label: 'enterprise 1', client: await s(u.ent1) },
        { label: 'handler of department A', client: await s(u.handlerA) },
      ],
      outsiders: [
        { label: 'another enterprise', client: await s(u.ent2) },
        { label: 'handler of another department', client: await s(u.handlerB) },
        ...generic('enterprise.demands.read'),
      ],
    });

    // Enterprise 1's registry record (its name is the marker).
    const eMarker = `跨域企业标记${Date.now()}有限公司`;
    await sql`update enterprises set name = ${eMarker} where id = ${w.enterprises.enterprise1}`.execute(db);
    cases.push({
      type: 'enterprise record',
      id: w.enterprises.enterprise1,
      marker: eMarker,
      prefix: '/api/enterprise/enterprises/:id',
      readPolicy: 'enterprise.read',
      lists: ['/api/enterprise/enterprises?pageSize=200', '/api/enterprise/visits', '/api/enterprise/job-posts', '/api/enterprise/financing'],
      owners: [{ label: 'enterprise 1', client: await s(u.ent1) }],
      outsiders: [
        { label: 'another enterprise', client: await s(u.ent2) },
        { label: 'handler of another department', client: await s(u.handlerB) },
        ...generic('enterprise.read'),
      ],
    });

    // A dispute linked to department A, a petition handled by department A.
    const mMarker = `跨域纠纷标记${Date.now()}`;
    const dispute = await buildDispute(db, jid, {});
    await sql`update mediation_disputes set title = ${mMarker} where id = ${dispute.id}`.execute(db);
    await sql`insert into mediation_dispute_links (jurisdiction_id, dispute_id, org_unit_id, lead) values (${jid}, ${dispute.id}, ${w.deptA.id}, true)`.execute(db);
    cases.push({
      type: 'mediation dispute',
      id: dispute.id,
      marker: mMarker,
      prefix: '/api/mediation/disputes/:id',
      readPolicy: 'mediation.disputes.read',
      lists: ['/api/mediation/disputes?pageSize=200'],
      owners: [{ label: 'handler of the linked department', client: await s(u.handlerA) }],
      outsiders: [{ label: 'handler of another department', client: await s(u.handlerB) }, ...generic('mediation.disputes.read')],
    });
    const pMarker = `跨域信访标记${Date.now()}`;
    const petition = await buildPetition(db, jid, { status: 'accepted', acceptDecision: 'accepted', handlingOrgUnitId: w.deptA.id, handleDueAt: new Date(Date.now() + 30 * 86_400_000) });
    await sql`update mediation_petitions set title = ${pMarker} where id = ${petition.id}`.execute(db);
    cases.push({
      type: 'petition',
      id: petition.id,
      marker: pMarker,
      prefix: '/api/mediation/petitions/:id',
      readPolicy: 'mediation.petitions.read',
      lists: ['/api/mediation/petitions?pageSize=200'],
      owners: [{ label: 'handler of the handling department', client: await s(u.handlerA) }],
      outsiders: [{ label: 'handler of another department', client: await s(u.handlerB) }, ...generic('mediation.petitions.read')],
    });

    // A duty lawyer's service record.
    const firm = await buildLawFirm(db, jid);
    const lawyerA = await buildUser(db, jid, 'lawyer', { orgUnitId: null });
    const lawyerB = await buildUser(db, jid, 'lawyer', { orgUnitId: null });
    await buildDutyLawyer(db, jid, lawyerA.id, firm.id);
    await buildDutyLawyer(db, jid, lawyerB.id, firm.id);
    const lMarker = `跨域法律服务标记${Date.now()}`;
    const service = await buildLegalService(db, jid, lawyerA.id, { topic: lMarker });
    cases.push({
      type: 'legal service record',
      id: service.id,
      marker: lMarker,
      prefix: '/api/legal/services/:id',
      readPolicy: 'legal.services.read',
      lists: ['/api/legal/services?pageSize=200'],
      owners: [{ label: 'the lawyer who wrote it', client: await s(lawyerA) }],
      outsiders: [{ label: 'another lawyer', client: await s(lawyerB) }, ...generic('legal.services.read')],
    });

    // A plan task owned by department A.
    const plan = await buildWorkPlan(db, jid, new Date().getFullYear());
    const tMarker = `跨域任务标记${Date.now()}`;
    const task = await buildPlanTask(db, jid, plan.id, w.deptA.id, u.admin.id, { title: tMarker });
    cases.push({
      type: 'plan task',
      id: task.id,
      marker: tMarker,
      prefix: '/api/plans/tasks/:id',
      readPolicy: 'plans.tasks.read',
      lists: ['/api/plans/tasks?pageSize=200'],
      owners: [{ label: 'handler of the owning department', client: await s(u.handlerA) }],
      outsiders: [{ label: 'handler of another department', client: await s(u.handlerB) }, ...generic('plans.tasks.read')],
    });

    // The public: two reports with tracking codes, and a petition code.
    const anon = t.anonymous();
    const report = async (description: string, phone: string) => {
      const res = await anon.post('/api/public/events', { categoryId: w.categories.stall.id, description, lng: 117.125, lat: 39.225, contactName: '王小明', contactPhone: phone });
      expect(res.statusCode, res.body).toBe(201);
      return res.json().trackingCode as string;
    };
    await sql`update jurisdictions set code = code where id = ${jid}`.execute(db);
    const theirMarker = `别人的上报标记${Date.now()}`;
    const mine = await report('我上报的占道经营问题', '13800138001');
    const theirs = await report(theirMarker, '13900139002');
    publicCodes = { mine, theirs, theirMarker, theirPhone: '13900139002', petition: petition.trackCode };

    ops = operationsFrom(registeredRoutes(t.app), t.app.swagger() as never);
  }, 300_000);
  afterAll(() => t?.close());

  it('lets no outsider reach or see another owner’s object through any route', async () => {
    let attempts = 0;
    let unexpectedSuccesses = 0;
    const problems: string[] = [];
    const statuses = new Map<number, number>();
    for (const c of cases) {
      // Control: the owners see the object, marker included.
      for (const o of c.owners) {
        const res = await o.client.get(c.prefix.replace(':id', String(c.id)));
        expect(res.statusCode, `${c.type}: ${o.label} reads their own`).toBe(200);
        expect(res.body, `${c.type}: ${o.label} sees the marker`).toContain(c.marker);
      }
      const routes = ops.filter((op) => op.url === c.prefix || op.url.startsWith(`${c.prefix}/`));
      expect(routes.length, c.type).toBeGreaterThan(0);
      for (const op of routes) {
        const url = op.url.replace(':id', String(c.id)).replace(/:[A-Za-z]+/g, '1');
        const query = op.params.filter((p) => p.in === 'query' && p.required);
        const qs = query.length ? `?${query.map((p) => `${p.name}=${encodeURIComponent(String(fc.sample(validValue(p.schema), { seed: SEED, numRuns: 1 })[0]))}`).join('&')}` : '';
        const body = op.body ? { ...(fc.sample(validValue(op.body), { seed: SEED, numRuns: 1 })[0] as object), ...('version' in (op.body.properties ?? {}) ? { version: 1 } : {}) } : undefined;
        for (const o of c.outsiders) {
          attempts++;
          const res = op.multipart
            ? await o.client.request({ method: op.method as 'POST', url: `${url}${qs || '?phase=report'}`, ...multipart([{ name: 'a.jpg', data: TINY_JPEG, type: 'image/jpeg' }]) })
            : await o.client.request({ method: op.method as 'GET', url: `${url}${qs}`, ...(body !== undefined ? { payload: body } : op.method === 'GET' ? {} : { payload: {} }) });
          statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
          if (res.statusCode >= 200 && res.statusCode < 300) {
            unexpectedSuccesses++;
            problems.push(`${c.type}: ${o.label} got ${res.statusCode} on ${op.method} ${op.url}`);
          }
          if (res.statusCode >= 500) problems.push(`${c.type}: ${o.label} got ${res.statusCode} on ${op.method} ${op.url}`);
          if (res.body.includes(c.marker)) problems.push(`${c.type}: ${o.label} saw the marker in ${op.method} ${op.url} (${res.statusCode})`);
        }
      }
      for (const list of c.lists) {
        for (const o of c.outsiders) {
          attempts++;
          const res = await o.client.get(list);
          if (res.statusCode >= 500) problems.push(`${c.type}: ${o.label} got ${res.statusCode} on ${list}`);
          if (res.body.includes(c.marker)) {
            unexpectedSuccesses++;
            problems.push(`${c.type}: ${o.label} saw the marker in the list ${list}`);
          }
        }
      }
    }

    // The public: a tracking code opens its own report only.
    const anon = t.anonymous();
    const own = await anon.get(`/api/public/events/${publicCodes.mine}`);
    expect(own.statusCode).toBe(200);
    const guesses = new Set<string>();
    const code = publicCodes.mine;
    for (let i = 0; i < code.length; i++) {
      for (const ch of ['0', '9', 'A', 'Z']) {
        const g = code.slice(0, i) + ch + code.slice(i + 1);
        if (g !== code && g !== publicCodes.theirs) guesses.add(g);
      }
    }
    guesses.add(code.slice(0, -1));
    guesses.add(`${code}0`);
    guesses.add(publicCodes.petition);
    const publicPaths = (g: string) => [
      { method: 'GET', url: `/api/public/events/${g}` },
      { method: 'POST', url: `/api/public/events/${g}/rating`, payload: { score: 5 } },
      { method: 'POST', url: `/api/public/events/${g}/reopen`, payload: { reason: '问题没有解决' } },
      { method: 'GET', url: `/api/public/mediation/petitions/${g}` },
    ];
    for (const g of guesses) {
      for (const p of publicPaths(g)) {
        // The petition's own code is its holder's: only the event routes must refuse it.
        if (g === publicCodes.petition && p.url.includes('/mediation/')) continue;
        attempts++;
        const res = await anon.request({ method: p.method as 'GET', url: p.url, ...(p.payload ? { payload: p.payload } : {}) });
        if (res.statusCode >= 200 && res.statusCode < 300) {
          unexpectedSuccesses++;
          problems.push(`public: ${p.method} ${p.url} answered ${res.statusCode}`);
        }
        if (res.body.includes(publicCodes.theirMarker)) problems.push(`public: ${p.url} showed another report`);
      }
    }
    for (const body of [own.body, (await anon.get(`/api/public/events/${publicCodes.theirs}`)).body]) {
      expect(body).not.toContain('13900139002');
      expect(body).not.toContain('13800138001');
      expect(body).not.toContain('王小明');
    }
    expect(own.body).not.toContain(publicCodes.theirMarker);

    console.log(`cross-owner (${kind}) route answers: ${[...statuses].sort((a, b) => a[0] - b[0]).map(([k, v]) => `${k}:${v}`).join(' ')}`);
    recordFigures('cross-owner', kind, {
      'object types': cases.length + 1,
      'outsider principals': new Set(cases.flatMap((c) => c.outsiders.map((o) => o.label))).size,
      'cross-owner attempts': attempts,
      'unexpected successes': unexpectedSuccesses,
      problems: problems.length,
    });
    if (problems.length) console.log(problems.slice(0, 40).join('\n'));
    expect(unexpectedSuccesses).toBe(0);
    expect(problems).toEqual([]);
  }, 900_000);
});
