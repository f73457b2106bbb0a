// Figures, indicators, self-assessment and findings through the HTTP API on a small hand-built data set.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { buildGrid } from '../../../../test/support/grids.factories.ts';
import { buildDutyLawyer, buildLawFirm, buildLegalService, buildStudyRecord } from '../../../../test/support/records.factories.ts';
import { FIGURES } from './assessment.catalogue.ts';
import { DEFAULT_INDICATORS } from './assessment.indicators.ts';

describe.each(DB_KINDS)('assessment API on %s', (kind) => {
  let t: TestApp;
  let office: Client;
  let leader: Client;
  let handler: Client;
  let office2: Client;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    const j = await buildJurisdiction(db);
    const j2 = await buildJurisdiction(db);
    const o = await buildUser(db, j.id, 'law_office');
    const l = await buildUser(db, j.id, 'leader');
    const h = await buildUser(db, j.id, 'handler');
    const o2 = await buildUser(db, j2.id, 'law_office');
    const lawyer = await buildUser(db, j.id, 'lawyer');
    const zone = await buildGrid(db, j.id, { level: 'zone' });
    for (let i = 0; i < 3; i++) await buildGrid(db, j.id, { level: 'base', parentId: zone.id });
    await buildGrid(db, j.id, { level: 'base', parentId: zone.id, active: false });
    await buildGrid(db, j2.id, { level: 'base' });
    const firm = await buildLawFirm(db, j.id);
    await buildDutyLawyer(db, j.id, lawyer.id, firm.id);
    await buildLegalService(db, j.id, lawyer.id, { servedOn: '2020-03-02', place: '光明乳业' });
    await buildLegalService(db, j.id, lawyer.id, { servedOn: '2020-03-20', place: '光明乳业' });
    await buildLegalService(db, j.id, lawyer.id, { servedOn: '2020-06-10', place: '阳光城' });
    await buildLegalService(db, j.id, lawyer.id, { servedOn: '2020-11-05', place: '远大住工' });
    await buildLegalService(db, j.id, lawyer.id, { servedOn: '2019-05-05', place: '远大住工' });
    await buildStudyRecord(db, j.id, o.id, 41, { studiedOn: '2020-04-01' });
    await buildStudyRecord(db, j.id, l.id, 10, { studiedOn: '2020-04-01' });
    office = await t.login(o.username);
    leader = await t.login(l.username);
    handler = await t.login(h.username);
    office2 = await t.login(o2.username);
  });
  afterAll(() => t?.close());

  it('lists every figure of the catalogue with its definition and whether its module is wired', async () => {
    const res = await leader.get('/api/assessment/figures/catalogue');
    expect(res.statusCode).toBe(200);
    const rows = res.json() as { key: string; wired: boolean; definition: string; numerator: string | null; kind: string }[];
    expect(rows.map((r) => r.key)).toEqual(FIGURES.map((f) => f.key));
    for (const r of rows) expect(r.wired, r.key).toBe(true);
    for (const r of rows.filter((x) => x.kind === 'rate')) expect(r.numerator, r.key).not.toBeNull();
  });

  it('computes a year’s figures from the module records, with numerator, denominator and the list behind each', async () => {
    const res = await office.get('/api/assessment/figures?year=2020&keys=grids.base_count,legal.services,legal.sites,education.hours_met_rate,events.reported');
    expect(res.statusCode).toBe(200);
    const body = res.json() as { period: { from: string; to: string }; figures: { key: string; value: number; numerator: number | null; denominator: number | null; drill: { api: string; query: Record<string, unknown> } }[] };
    expect(body.period).toMatchObject({ from: '2020-01-01', to: '2020-12-31' });
    const f = Object.fromEntries(body.figures.map((x) => [x.key, x]));
    expect(f['grids.base_count'].value).toBe(3);
    expect(f['grids.base_count'].drill).toEqual({ api: '/api/grids', query: { level: 'base', active: true }, label: '基础网格列表' });
    expect(f['legal.services'].value).toBe(4);
    expect(f['legal.sites'].value).toBe(3);
    expect(f['legal.services'].drill.query).toEqual({ from: '2020-01-01', to: '2020-12-31' });
    // Officials: the office, the leader and the handler; only the office studied 40 hours.
    expect(f['education.hours_met_rate']).toMatchObject({ numerator: 1, denominator: 3 });
    expect(f['education.hours_met_rate'].value).toBeCloseTo(33.33, 2);
    expect(f['events.reported'].value).toBe(0);
  });

  it('computes a month or a quarter, and refuses both at once', async () => {
    const march = (await office.get('/api/assessment/figures?year=2020&month=3&keys=legal.services')).json() as { figures: { value: number }[]; period: { label: string } };
    expect(march.figures[0].value).toBe(2);
    expect(march.period.label).toBe('2020年3月');
    const q2 = (await office.get('/api/assessment/figures?year=2020&quarter=2&keys=legal.services')).json() as { figures: { value: number }[] };
    expect(q2.figures[0].value).toBe(1);
    expect((await office.get('/api/assessment/figures?year=2020&quarter=1&month=3')).statusCode).toBe(400);
  });

  it('keeps figures to leaders and the law office', async () => {
    expect((await handler.get('/api/assessment/figures?year=2020')).statusCode).toBe(403);
    expect((await t.anonymous().get('/api/assessment/figures?year=2020')).statusCode).toBe(401);
    expect((await handler.get('/api/assessment/self-assessment?year=2020')).statusCode).toBe(403);
  });

  it('installs the default indicators once; only the law office edits the catalogue', async () => {
    const first = await office.post('/api/assessment/indicators/defaults');
    expect(first.json()).toEqual({ added: DEFAULT_INDICATORS.length });
    expect((await office.post('/api/assessment/indicators/defaults')).json()).toEqual({ added: 0 });
    expect((await leader.post('/api/assessment/indicators/defaults')).statusCode).toBe(403);
    const list = (await leader.get('/api/assessment/indicators')).json() as { code: string }[];
    expect(list).toHaveLength(DEFAULT_INDICATORS.length);
    expect((await office2.get('/api/assessment/indicators')).json()).toEqual([]);
  });

  let custom: { id: number; version: number };
  it('creates an indicator with a checked formula stored in canonical form, and refuses bad ones in Chinese', async () => {
    const bad = await office.post('/api/assessment/indicators', { code: 'CU-01', name: '自定义', area: 'publicity', formula: 'legal.services / (grids.base_count', direction: 'higher' });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('assessment.invalid_formula');
    expect(bad.json().error.message).toContain('缺少右括号');
    const sql = await office.post('/api/assessment/indicators', { code: 'CU-01', name: '自定义', area: 'publicity', formula: "1; delete from users", direction: 'higher' });
    expect(sql.statusCode).toBe(422);
    const unknown = await office.post('/api/assessment/indicators', { code: 'CU-01', name: '自定义', area: 'publicity', formula: 'users.count', direction: 'higher' });
    expect(unknown.json().error.message).toContain('未知的统计项');
    expect((await leader.post('/api/assessment/indicators', { code: 'CU-01', name: '自定义', area: 'publicity', formula: 'legal.services', direction: 'higher' })).statusCode).toBe(403);
    const ok = await office.post('/api/assessment/indicators', { code: 'CU-01', name: '每网格法律服务', area: 'publicity', formula: 'legal.services/grids.base_count', unit: '次', target: 2, direction: 'higher', weight: 1 });
    expect(ok.statusCode).toBe(201);
    expect(ok.json().formula).toBe('legal.services ÷ grids.base_count');
    custom = ok.json();
    const dup = await office.post('/api/assessment/indicators', { code: 'CU-01', name: 'x', area: 'publicity', formula: '1', direction: 'higher' });
    expect(dup.statusCode).toBe(409);
  });

  it('updates with optimistic concurrency and an audit row; another jurisdiction cannot see it', async () => {
    const upd = await office.patch(`/api/assessment/indicators/${custom.id}`, { version: custom.version, target: 1 });
    expect(upd.statusCode).toBe(200);
    expect(upd.json()).toMatchObject({ target: 1, version: custom.version + 1 });
    expect((await office.patch(`/api/assessment/indicators/${custom.id}`, { version: custom.version, target: 3 })).statusCode).toBe(409);
    expect((await office2.patch(`/api/assessment/indicators/${custom.id}`, { version: custom.version + 1, target: 3 })).statusCode).toBe(404);
    const audit = await t.database.db.selectFrom('auditLog').select(['action', 'details']).where('entity', '=', 'assessment_indicator').where('entityId', '=', String(custom.id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['assessment.indicator.create', 'assessment.indicator.update']);
    expect(audit[1].details).toMatchObject({ before: { target: 2 }, after: { target: 1 } });
  });

  it('checks a formula for the editor and works it out for a year', async () => {
    const ok = (await office.post('/api/assessment/formula/check', { formula: 'legal.services / 2', year: 2020 })).json();
    expect(ok).toMatchObject({ ok: true, canonical: 'legal.services ÷ 2', keys: ['legal.services'], value: 2, numerator: 4, denominator: 2 });
    const bad = (await office.post('/api/assessment/formula/check', { formula: 'legal.services +' })).json();
    expect(bad).toMatchObject({ ok: false, error: '第17个字符处公式不完整', position: 16 });
  });

  it('assesses a year: value, numerator, denominator, target, status, monthly trend and the previous year', async () => {
    const res = await leader.get('/api/assessment/self-assessment?year=2020');
    expect(res.statusCode).toBe(200);
    const body = res.json() as {
      score: number | null;
      byArea: { area: string }[];
      indicators: { code: string; value: number | null; numerator: number | null; denominator: number | null; target: number | null; status: string; previous: { value: number | null }; change: number | null; trend: { month: string; value: number | null; previous: number | null }[] }[];
    };
    const by = Object.fromEntries(body.indicators.map((i) => [i.code, i]));
    expect(by['XC-05']).toMatchObject({ value: 4, target: 30, status: 'missed', previous: { value: 1 }, change: 3 });
    expect(by['XC-05'].trend).toHaveLength(12);
    expect(by['XC-05'].trend[2]).toEqual({ month: '2020-03', value: 2, previous: 0 });
    expect(by['XC-05'].trend[4]).toEqual({ month: '2020-05', value: 0, previous: 1 });
    expect(by['CU-01']).toMatchObject({ numerator: 4, denominator: 3, target: 1, status: 'met' });
    expect(by['CU-01'].value).toBeCloseTo(1.33, 2);
    expect(by['XC-01']).toMatchObject({ numerator: 1, denominator: 3, status: 'missed' });
    expect(by['ZN-09']).toMatchObject({ value: 3, status: 'missed' });
    expect(body.byArea).toHaveLength(8);
    expect(body.score).not.toBeNull();
  });

  it('assesses a quarter with prorated count targets', async () => {
    const body = (await office.get('/api/assessment/self-assessment?year=2020&quarter=1')).json() as { indicators: { code: string; value: number; target: number }[] };
    const xc05 = body.indicators.find((i) => i.code === 'XC-05')!;
    expect(xc05.value).toBe(2);
    expect(xc05.target).toBeCloseTo((30 * 91) / 366, 1);
  });

  it('finds the staff below the study requirement, with the list as evidence', async () => {
    const body = (await leader.get('/api/assessment/findings?year=2020')).json() as { findings: { rule: string; text: string; evidence: { drill?: { api: string; query: Record<string, unknown> } }[] }[] };
    const f = body.findings.find((x) => x.rule === 'study_below_requirement')!;
    expect(f.text).toContain('2名行政人员学法不足40学时');
    expect(f.evidence[0].drill).toEqual({ api: '/api/education/compliance', query: { year: 2020, only: 'below_hours' }, label: '学时未达标人员' });
  });
});
