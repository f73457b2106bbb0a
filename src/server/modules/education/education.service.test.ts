import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';
import { buildEnterprise } from '../../../../test/support/enterprise.factories.ts';
import { buildExamResult, buildStudyRecord } from '../../../../test/support/records.factories.ts';
import { complianceFor, educationFigures } from './index.ts';

async function xlsx(rows: unknown[][]): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('学法');
  for (const r of rows) ws.addRow(r);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function upload(c: Client, buffer: Buffer, filename = 'study.xlsx') {
  const boundary = '----zhili' + Math.random().toString(16).slice(2);
  const head = Buffer.from(
    `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${filename}"\r\n` +
      'Content-Type: application/vnd.openxmlformats-officedocument.spreadsheetml.sheet\r\n\r\n',
  );
  const tail = Buffer.from(`\r\n--${boundary}--\r\n`);
  return c.request({
    method: 'POST',
    url: '/api/education/study-records/import',
    payload: Buffer.concat([head, buffer, tail]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  });
}

describe.each(DB_KINDS)('education on %s', (kind) => {
  let t: TestApp;
  beforeAll(async () => {
    t = await createTestApp(kind);
  });
  afterAll(() => t.close());

  it('names who is below 40 hours and who has not passed, on hand-built data', async () => {
    const db = t.database.db;
    const j = (await buildJurisdiction(db)).id;
    const a = await buildUser(db, j, 'handler', { displayName: '甲' });
    const b = await buildUser(db, j, 'enterprise_officer', { displayName: '乙' });
    const c = await buildUser(db, j, 'mediator', { displayName: '丙' });
    const d = await buildUser(db, j, 'grid_worker', { displayName: '丁' });
    const lawyer = await buildUser(db, j, 'lawyer', { displayName: '律师' });
    await buildStudyRecord(db, j, a.id, 40, { studiedOn: '2020-03-01' });
    await buildStudyRecord(db, j, a.id, 5, { studiedOn: '2020-12-31' });
    await buildStudyRecord(db, j, b.id, 39.5, { studiedOn: '2020-06-01' });
    await buildStudyRecord(db, j, b.id, 10, { studiedOn: '2021-01-01' });
    await buildStudyRecord(db, j, c.id, 50, { studiedOn: '2020-06-01' });
    await buildStudyRecord(db, j, lawyer.id, 1, { studiedOn: '2020-06-01' });
    await buildExamResult(db, j, a.id, 2020, true, 92);
    await buildExamResult(db, j, b.id, 2020, true, 85);
    await buildExamResult(db, j, c.id, 2020, false, 52);
    await buildExamResult(db, j, d.id, 2019, true);
    const r = await complianceFor(db, j, 2020);
    expect(r).toMatchObject({ officials: 4, belowHours: 2, notPassed: 2 });
    const by = Object.fromEntries(r.rows.map((x) => [x.name, x]));
    expect(Object.keys(by).sort()).toEqual(['丁', '丙', '乙', '甲'].sort());
    expect(by['甲']).toMatchObject({ hours: 45, hoursMet: true, examPassed: true, compliant: true });
    expect(by['乙']).toMatchObject({ hours: 39.5, hoursMet: false, examPassed: true, compliant: false });
    expect(by['丙']).toMatchObject({ hours: 50, hoursMet: true, examPassed: false, compliant: false });
    expect(by['丁']).toMatchObject({ hours: 0, hoursMet: false, examPassed: null, compliant: false });

    const f = await educationFigures(db, j, '2020-01-01', '2020-12-31');
    expect(f.officials).toBe(4);
    expect(f.studyHours).toBe(134.5);
    expect(f.hoursMet).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });
    expect(f.examPassed).toEqual({ numerator: 2, denominator: 4, rate: 0.5 });

    const office = await buildUser(db, j, 'law_office');
    const o = await t.login(office.username);
    const short = (await o.get('/api/education/compliance?year=2020&only=short')).json();
    expect(short.total).toBe(4); // the office itself is an official with no hours
    const below = (await o.get('/api/education/compliance?year=2020&only=not_passed')).json();
    expect((below.items as { name: string }[]).map((x) => x.name).sort()).toEqual(['丁', '丙', office.displayName].sort());
  });

  it('lets an official log and see only their own study, and the office log for anyone', async () => {
    const db = t.database.db;
    const j = (await buildJurisdiction(db)).id;
    const me = await buildUser(db, j, 'handler');
    const other = await buildUser(db, j, 'handler');
    const office = await buildUser(db, j, 'law_office');
    await buildStudyRecord(db, j, other.id, 8);
    const c = await t.login(me.username);
    const own = await c.post('/api/education/study-records', { course: '行政处罚法', hours: 2.5, studiedOn: '2020-07-01', form: 'lecture' });
    expect(own.statusCode).toBe(201);
    expect(own.json()).toMatchObject({ userId: me.id, hours: 2.5 });
    expect((await c.post('/api/education/study-records', { userId: other.id, course: 'x', hours: 1, studiedOn: '2020-07-01', form: 'online' })).statusCode).toBe(403);
    const list = (await c.get(`/api/education/study-records?userId=${other.id}`)).json();
    expect(list.items.every((i: { userId: number }) => i.userId === me.id)).toBe(true);
    expect(list.hours).toBe(2.5);
    const o = await t.login(office.username);
    const forOther = await o.post('/api/education/study-records', { userId: other.id, course: '民法典', hours: 4, studiedOn: '2020-07-02', form: 'central_group' });
    expect(forOther.statusCode).toBe(201);
    const lawyer = await buildUser(db, j, 'lawyer');
    expect((await o.post('/api/education/study-records', { userId: lawyer.id, course: 'x', hours: 1, studiedOn: '2020-07-02', form: 'online' })).statusCode).toBe(404);
    const del = await c.delete(`/api/education/study-records/${own.json().id}?version=1`);
    expect(del.statusCode).toBe(204);
  });

  it('imports an XLSX ledger all or nothing, naming the rows at fault', async () => {
    const db = t.database.db;
    const j = (await buildJurisdiction(db)).id;
    const a = await buildUser(db, j, 'handler', { displayName: '王一' });
    const b = await buildUser(db, j, 'safety', { displayName: '李二' });
    const office = await buildUser(db, j, 'law_office');
    const o = await t.login(office.username);
    const bad = await xlsx([
      ['用户名', '姓名', '课程', '学时', '日期', '形式'],
      [a.username, '王一', '宪法', 4, new Date(Date.UTC(2020, 11, 4)), '中心组学习'],
      ['nobody', '', '民法典', 2, '2020-05-01', '讲座'],
      ['', '李二', '安全生产法', 'abc', '2020/13/01', '唱歌'],
    ]);
    const rejected = await upload(o, bad);
    expect(rejected.statusCode).toBe(422);
    const problems = rejected.json().error.details.problems as { row: number; message: string }[];
    expect(problems.map((p) => p.row)).toEqual([3, 4, 4, 4]);
    expect(problems.map((p) => p.message).join('|')).toMatch(/nobody.*学时.*日期.*唱歌|nobody/);
    expect((await db.selectFrom('studyRecords').select('id').where('jurisdictionId', '=', j).execute()).length).toBe(0);

    const good = await xlsx([
      ['用户名', '姓名', '课程', '学时', '日期', '形式'],
      [a.username, '王一', '宪法', 4, new Date(Date.UTC(2020, 11, 4)), '中心组学习'],
      ['', '李二', '民法典', 2.5, '2020-05-01', '网上学法'],
      [],
      [b.username, '', '安全生产法', '3', '2020年6月16日', ''],
    ]);
    const ok = await upload(o, good);
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ imported: 3, officials: 2, hours: 9.5 });
    const rows = await db.selectFrom('studyRecords').selectAll().where('jurisdictionId', '=', j).orderBy('id').execute();
    expect(rows.map((r) => [r.userId, Number(r.hours), r.studiedOn, r.form, r.source])).toEqual([
      [a.id, 4, '2020-12-04', 'central_group', 'import'],
      [b.id, 2.5, '2020-05-01', 'online', 'import'],
      [b.id, 3, '2020-06-16', 'other', 'import'],
    ]);
    expect((await upload(o, Buffer.from('not a spreadsheet'))).statusCode).toBe(422);
    const tmpl = await o.get('/api/education/study-records/template');
    expect(tmpl.statusCode).toBe(200);
    expect(tmpl.headers['content-type']).toContain('spreadsheetml');
    const h = await t.login(a.username);
    expect((await upload(h, good)).statusCode).toBe(403);
  });

  it('records exam results once per official and year, correcting with the version', async () => {
    const db = t.database.db;
    const j = (await buildJurisdiction(db)).id;
    const a = await buildUser(db, j, 'handler');
    const office = await buildUser(db, j, 'law_office');
    const o = await t.login(office.username);
    const first = await o.put('/api/education/exams', { userId: a.id, year: 2020, passed: false, score: 55, takenOn: '2020-11-20' });
    expect(first.statusCode).toBe(200);
    expect((await o.put('/api/education/exams', { userId: a.id, year: 2020, passed: true, score: 80 })).statusCode).toBe(409);
    const fixed = await o.put('/api/education/exams', { userId: a.id, year: 2020, passed: true, score: 80, version: 1 });
    expect(fixed.json()).toMatchObject({ passed: true, score: 80, version: 2 });
    const mine = await (await t.login(a.username)).get('/api/education/exams?year=2020');
    expect(mine.json()).toHaveLength(1);
  });

  it('counts publicity events, materials and enterprises by theme and month, and a department writes only its own', async () => {
    const db = t.database.db;
    const j = (await buildJurisdiction(db)).id;
    const dept = await buildOrgUnit(db, j, { name: '安监办' });
    const otherDept = await buildOrgUnit(db, j, { name: '市场所' });
    const office = await buildUser(db, j, 'law_office');
    const handler = await buildUser(db, j, 'handler', { orgUnitId: dept.id });
    const o = await t.login(office.username);
    const h = await t.login(handler.username);
    const [e11, e12, e13] = [(await buildEnterprise(db, j, { name: '中荣印刷' })).id, (await buildEnterprise(db, j, { name: '爱旭太阳能' })).id, (await buildEnterprise(db, j)).id];
    const elsewhere = (await buildEnterprise(db, (await buildJurisdiction(db)).id)).id;
    const ev = (body: Record<string, unknown>) => ({ title: '活动', theme: '安全生产月', heldOn: '2020-06-10', participants: 50, ...body });
    expect((await o.post('/api/education/publicity-events', ev({ enterpriseId: e11, materials: [{ kind: '图册', count: 100 }, { kind: '图册', count: 20 }] }))).statusCode).toBe(201);
    expect((await o.post('/api/education/publicity-events', ev({ enterpriseId: e11, heldOn: '2020-06-20', materials: [{ kind: '折页', count: 30 }] }))).statusCode).toBe(201);
    expect((await o.post('/api/education/publicity-events', ev({ theme: '禁毒宣传月', enterpriseId: e12, heldOn: '2020-06-26', materials: [{ kind: '图册', count: 200 }] }))).statusCode).toBe(201);
    const byHandler = await h.post('/api/education/publicity-events', ev({ theme: '12·4宪法宣传日', place: '开发区广场', heldOn: '2020-12-04', participants: 300, materials: [{ kind: '图册', count: 500 }] }));
    expect(byHandler.statusCode).toBe(201);
    expect(byHandler.json()).toMatchObject({ organiserOrgUnitId: dept.id, organiserOrgUnitName: '安监办', materialsTotal: 500 });
    expect((await h.post('/api/education/publicity-events', ev({ place: 'x', organiserOrgUnitId: otherDept.id }))).statusCode).toBe(403);
    expect((await o.post('/api/education/publicity-events', ev({}))).statusCode).toBe(400);
    expect((await o.post('/api/education/publicity-events', ev({ enterpriseId: elsewhere }))).statusCode).toBe(404);
    expect((await o.post('/api/education/publicity-events', ev({ place: '明年', heldOn: '2021-01-02', materials: [{ kind: '图册', count: 7 }] }))).statusCode).toBe(201);

    const f = await educationFigures(db, j, '2020-01-01', '2020-12-31');
    expect(f.publicity).toEqual({
      events: 4,
      participants: 450,
      materials: 850,
      materialsByKind: [
        { kind: '图册', count: 820 },
        { kind: '折页', count: 30 },
      ].sort((a, b) => (a.kind < b.kind ? -1 : 1)),
      enterprisesReached: 2,
      byTheme: expect.arrayContaining([
        { theme: '安全生产月', events: 2, materials: 150, participants: 100 },
        { theme: '禁毒宣传月', events: 1, materials: 200, participants: 50 },
        { theme: '12·4宪法宣传日', events: 1, materials: 500, participants: 300 },
      ]),
      byMonth: [
        { month: '2020-06', events: 3, materials: 350 },
        { month: '2020-12', events: 1, materials: 500 },
      ],
    });
    const before = (await o.get('/api/education/figures?from=2020-01-01&to=2020-12-31')).json();
    const id = byHandler.json().id as number;
    const upd = await h.patch(`/api/education/publicity-events/${id}`, { version: 1, materials: [{ kind: '图册', count: 600 }], enterpriseId: e13 });
    expect(upd.statusCode).toBe(200);
    const after = (await o.get('/api/education/figures?from=2020-01-01&to=2020-12-31')).json();
    expect(after.publicity.materials - before.publicity.materials).toBe(100);
    expect(after.publicity.enterprisesReached).toBe(3);
    expect(upd.json()).toMatchObject({ enterpriseId: e13 });
    const listed = (await o.get(`/api/education/publicity-events?enterpriseId=${e11}`)).json();
    expect(listed.items.map((x: { enterpriseName: string }) => x.enterpriseName)).toEqual(['中荣印刷', '中荣印刷']);
    expect((await h.get('/api/education/figures')).statusCode).toBe(403);
  });

  it('keeps the 谁执法谁普法 list: a department adds its own laws, not another’s', async () => {
    const db = t.database.db;
    const j = (await buildJurisdiction(db)).id;
    const dept = await buildOrgUnit(db, j, { name: '劳动监察' });
    const otherDept = await buildOrgUnit(db, j);
    const handler = await buildUser(db, j, 'handler', { orgUnitId: dept.id });
    const h = await t.login(handler.username);
    const duty = await h.post('/api/education/duties', { orgUnitId: dept.id, year: 2020, law: '保障农民工工资支付条例', plannedActivities: [{ title: '进工地宣讲', month: '2020-05' }] });
    expect(duty.statusCode).toBe(201);
    expect(duty.json()).toMatchObject({ orgUnitName: '劳动监察', eventsHeld: 0 });
    expect((await h.post('/api/education/duties', { orgUnitId: dept.id, year: 2020, law: '保障农民工工资支付条例', plannedActivities: [] })).statusCode).toBe(409);
    expect((await h.post('/api/education/duties', { orgUnitId: otherDept.id, year: 2020, law: '劳动法', plannedActivities: [] })).statusCode).toBe(404);
    await h.post('/api/education/publicity-events', { title: '欠薪治理宣讲', theme: '法律进工地', heldOn: '2020-05-12', place: '某工地', dutyId: duty.json().id });
    const list = (await h.get('/api/education/duties?year=2020')).json();
    expect(list).toHaveLength(1);
    expect(list[0].eventsHeld).toBe(1);
  });
});
