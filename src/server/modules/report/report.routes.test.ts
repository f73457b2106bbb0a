// The annual report through the HTTP API: drafting, versions with who changed what, diff, the workflow with its
// roles (only the law office edits, a leader approves), guards, export, publication to the portal, scope.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { buildJurisdiction, buildUser } from '../../../../test/support/factories.ts';
import { buildGrid } from '../../../../test/support/grids.factories.ts';
import { buildDutyLawyer, buildLawFirm, buildLegalService } from '../../../../test/support/records.factories.ts';
import { readZip } from '../../../../test/support/report.zip.ts';
import type { ReportBody } from './report.body.ts';
import { findPersonalData } from './report.privacy.ts';

/** A complete body whose figures this data set can compute (counts only). */
const body = (extra = ''): ReportBody => ({
  title: '{{jurisdiction.name}}{{year}}年法治政府建设情况报告',
  opening: [`{{year}}年，{{jurisdiction.short_name}}全面推进法治政府建设。${extra}`],
  work: {
    heading: '工作情况',
    sections: [
      { key: 'leadership', heading: '组织领导与主体责任', leadersDuty: true, paragraphs: ['党政主要负责人认真履行推进法治建设第一责任人职责。'] },
      { key: 'governance', heading: '基层治理与矛盾化解', paragraphs: ['全区划分为{{grids.base_count}}个基础网格，开展法律服务{{legal.services}}次，覆盖{{legal.sites}}个点位。'] },
    ],
  },
  shortcomings: { heading: '存在不足', intro: [], items: [{ text: '以访代诉现象仍然存在。', finding: 'petitions_over_litigation' }] },
  plans: { heading: '{{next_year}}年工作思路', intro: [], items: [{ text: '进一步开展法治宣传。' }] },
});

describe.each(DB_KINDS)('annual report API on %s', (kind) => {
  let t: TestApp;
  let office: Client;
  let leader: Client;
  let handler: Client;
  let office2: Client;
  let leader2: Client;
  let id: number;
  let version: number;

  beforeAll(async () => {
    t = await createTestApp(kind);
    const db = t.database.db;
    const j = await buildJurisdiction(db, { name: '测试经济技术开发区' });
    const j2 = await buildJurisdiction(db);
    const lawyer = await buildUser(db, j.id, 'lawyer');
    const firm = await buildLawFirm(db, j.id);
    await buildDutyLawyer(db, j.id, lawyer.id, firm.id);
    for (const place of ['甲厂', '乙厂', '甲厂']) await buildLegalService(db, j.id, lawyer.id, { servedOn: '2020-05-01', place });
    for (let i = 0; i < 2; i++) await buildGrid(db, j.id, { level: 'base' });
    office = await t.login((await buildUser(db, j.id, 'law_office')).username);
    leader = await t.login((await buildUser(db, j.id, 'leader')).username);
    handler = await t.login((await buildUser(db, j.id, 'handler')).username);
    office2 = await t.login((await buildUser(db, j2.id, 'law_office')).username);
    leader2 = await t.login((await buildUser(db, j2.id, 'leader')).username);
  });
  afterAll(() => t?.close());

  it('drafts a year’s report from the default template; once per year; only the law office drafts', async () => {
    expect((await leader.post('/api/reports', { year: 2020 })).statusCode).toBe(403);
    expect((await handler.post('/api/reports', { year: 2020 })).statusCode).toBe(403);
    const res = await office.post('/api/reports', { year: 2020 });
    expect(res.statusCode).toBe(201);
    const r = res.json();
    expect(r).toMatchObject({ year: 2020, status: 'draft', currentVersion: 1, actions: ['review'], editable: true, missingContents: [] });
    expect(r.body.work.sections.map((s: { heading: string }) => s.heading)).toEqual(['组织领导与主体责任', '营商环境与企业服务', '基层治理与矛盾化解', '学法普法与法律服务']);
    expect(r.events).toMatchObject([{ action: 'create', toStatus: 'draft', versionNumber: 1 }]);
    ({ id, version } = r);
    expect((await office.post('/api/reports', { year: 2020 })).statusCode).toBe(409);
  });

  it('renders with the year’s figures, each figure keeping its key and its list', async () => {
    const r = (await leader.get(`/api/reports/${id}/rendered`)).json();
    expect(r.title).toBe('测试经济技术开发区2020年法治政府建设情况报告');
    const runs = r.blocks.flatMap((b: { runs: { figure?: string; text: string }[] }) => b.runs).filter((x: { figure?: string }) => x.figure === 'grids.base_count');
    expect(runs[0].text).toBe('2');
    const fig = r.figures.find((f: { key: string }) => f.key === 'grids.base_count');
    expect(fig.drill.api).toBe('/api/grids');
    // Rates over empty modules cannot be computed: the draft says so, and approval will refuse it.
    expect(r.missing.length).toBeGreaterThan(0);
  });

  it('saves edits as new versions by the law office only, records who changed what, and diffs versions', async () => {
    expect((await leader.put(`/api/reports/${id}/body`, { version, body: body() })).statusCode).toBe(403);
    const bad = await office.put(`/api/reports/${id}/body`, { version, body: { ...body(), opening: ['{{nothing.here}}'] } });
    expect(bad.statusCode).toBe(422);
    expect(bad.json().error.code).toBe('report.invalid_body');
    const res = await office.put(`/api/reports/${id}/body`, { version, body: body(), note: '按本区实际改写' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ currentVersion: 2, status: 'draft' });
    expect((await office.put(`/api/reports/${id}/body`, { version, body: body('x') })).statusCode).toBe(409);
    version = res.json().version;
    expect((await office.put(`/api/reports/${id}/body`, { version, body: body() })).json().error.code).toBe('report.no_changes');
    const v3 = await office.put(`/api/reports/${id}/body`, { version, body: body('营商环境持续优化。') });
    version = v3.json().version;
    const versions = (await leader.get(`/api/reports/${id}/versions`)).json();
    expect(versions.map((v: { number: number }) => v.number)).toEqual([3, 2, 1]);
    expect(versions[0]).toMatchObject({ current: true, changes: { changed: 1, added: 0, removed: 0, labels: ['开头第1段'] } });
    expect(versions[1].note).toBe('按本区实际改写');
    expect(versions[0].authorName).toBe('law_office 测试');
    const diff = (await leader.get(`/api/reports/${id}/diff?from=2&to=3`)).json();
    const changed = diff.entries.find((e: { op: string }) => e.op === 'changed');
    expect(changed.parts.filter((p: { op: string }) => p.op === '+')).toEqual([{ op: '+', text: '营商环境持续优化。' }]);
    expect((await leader.get(`/api/reports/${id}/versions/1`)).json().body.work.sections).toHaveLength(4);
    const audit = await t.database.db.selectFrom('auditLog').select('action').where('entity', '=', 'annual_report').where('entityId', '=', String(id)).execute();
    expect(audit.map((a) => a.action)).toEqual(['report.create', 'report.edit', 'report.edit']);
  });

  it('lets the law office review and a leader approve; not the other way round', async () => {
    expect((await leader.post(`/api/reports/${id}/transitions`, { action: 'review', version })).statusCode).toBe(403);
    expect((await office.post(`/api/reports/${id}/transitions`, { action: 'approve', version })).statusCode).toBe(409);
    const reviewed = await office.post(`/api/reports/${id}/transitions`, { action: 'review', version });
    expect(reviewed.statusCode).toBe(200);
    expect(reviewed.json()).toMatchObject({ status: 'reviewed', reviewedBy: 'law_office 测试' });
    version = reviewed.json().version;
    expect((await office.post(`/api/reports/${id}/transitions`, { action: 'approve', version })).statusCode).toBe(403);
    const approved = await leader.post(`/api/reports/${id}/transitions`, { action: 'approve', version, note: '同意' });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({ status: 'approved', approvedBy: 'leader 测试', editable: false });
    version = approved.json().version;
    expect((await office.put(`/api/reports/${id}/body`, { version, body: body('再改') })).json().error.code).toBe('report.not_editable');
  });

  it('is not on the portal before publication; publishing freezes the text for the public', async () => {
    expect((await t.anonymous().get(`/api/public/reports/${id}`)).statusCode).toBe(404);
    const pub = await office.post(`/api/reports/${id}/transitions`, { action: 'publish', version });
    expect(pub.statusCode).toBe(200);
    expect(pub.json()).toMatchObject({ status: 'published', publishedVersion: 3 });
    version = pub.json().version;
    const list = (await t.anonymous().get('/api/public/reports')).json();
    expect(list.items).toEqual([expect.objectContaining({ id, year: 2020, title: '测试经济技术开发区2020年法治政府建设情况报告', jurisdictionName: '测试经济技术开发区' })]);
    const pubReport = (await t.anonymous().get(`/api/public/reports/${id}`)).json();
    expect(pubReport.blocks.map((b: { runs: { text: string }[] }) => b.runs.map((r) => r.text).join(''))).toContain('全区划分为2个基础网格，开展法律服务3次，覆盖2个点位。');
    const text = JSON.stringify(pubReport);
    expect(text).not.toMatch(/drill|\/api\/|law_office|leader|reviewedBy|approvedBy/);
    // New records after publication do not change the published text.
    const j = await t.database.db.selectFrom('annualReports').select('jurisdictionId').where('id', '=', id).executeTakeFirstOrThrow();
    await buildGrid(t.database.db, j.jurisdictionId, { level: 'base' });
    const again = (await t.anonymous().get(`/api/public/reports/${id}`)).json();
    expect(again.blocks.map((b: { runs: { text: string }[] }) => b.runs.map((r) => r.text).join('')).join('\n')).toContain('全区划分为2个基础网格');
    const docx = await t.anonymous().get(`/api/public/reports/${id}/export?format=docx`);
    expect(docx.statusCode).toBe(200);
    expect(docx.headers['content-type']).toContain('wordprocessingml');
    expect(readZip(docx.rawPayload).get('word/document.xml')!.toString('utf8')).toContain('全区划分为2个基础网格');
    const html = await t.anonymous().get(`/api/public/reports/${id}/export?format=html`);
    expect(html.body).not.toContain('href=');
  });

  it('can be withdrawn from the portal by a leader', async () => {
    expect((await office.post(`/api/reports/${id}/transitions`, { action: 'withdraw', version })).statusCode).toBe(403);
    const w = await leader.post(`/api/reports/${id}/transitions`, { action: 'withdraw', version });
    expect(w.json()).toMatchObject({ status: 'approved', publishedAt: null });
    version = w.json().version;
    expect((await t.anonymous().get(`/api/public/reports/${id}`)).statusCode).toBe(404);
    expect((await t.anonymous().get('/api/public/reports')).json().total).toBe(0);
    const events = (await office.get(`/api/reports/${id}`)).json().events.map((e: { action: string }) => e.action);
    expect(events).toEqual(['create', 'edit', 'edit', 'review', 'approve', 'publish', 'withdraw']);
  });

  it('refuses to approve a report with missing figures or personal data, and keeps other jurisdictions out', async () => {
    const r = (await office.post('/api/reports', { year: 2021 })).json();
    let v = r.version;
    const rev = await office.post(`/api/reports/${r.id}/transitions`, { action: 'review', version: v });
    v = rev.json().version;
    const refused = await leader.post(`/api/reports/${r.id}/transitions`, { action: 'approve', version: v });
    expect(refused.statusCode).toBe(422);
    expect(refused.json().error.code).toBe('report.missing_figures');
    const back = await leader.post(`/api/reports/${r.id}/transitions`, { action: 'return', version: v });
    v = back.json().version;
    const withPhone = await office.put(`/api/reports/${r.id}/body`, { version: v, body: body('联系电话13812345678。') });
    v = withPhone.json().version;
    v = (await office.post(`/api/reports/${r.id}/transitions`, { action: 'review', version: v })).json().version;
    const phone = await leader.post(`/api/reports/${r.id}/transitions`, { action: 'approve', version: v });
    expect(phone.statusCode).toBe(422);
    expect(phone.json().error.code).toBe('report.personal_data');
    expect(JSON.stringify(phone.json())).not.toContain('13812345678');
    expect((await office2.get(`/api/reports/${r.id}`)).statusCode).toBe(404);
    expect((await leader2.post(`/api/reports/${r.id}/transitions`, { action: 'approve', version: v })).statusCode).toBe(404);
    expect((await office2.get('/api/reports')).json().total).toBe(0);
  });

  it('exports DOCX, HTML and Markdown of the current text without personal data', async () => {
    const docx = await leader.get(`/api/reports/${id}/export?format=docx`);
    expect(docx.headers['content-disposition']).toContain(encodeURIComponent('测试经济技术开发区2020年法治政府建设情况报告.docx'));
    const xml = readZip(docx.rawPayload).get('word/document.xml')!.toString('utf8');
    expect(xml).toContain('<w:pgSz w:w="11906" w:h="16838"');
    const html = await leader.get(`/api/reports/${id}/export?format=html`);
    expect(html.headers['content-type']).toContain('text/html');
    expect(html.body).toContain('data-figure="legal.services"');
    expect(html.body).toContain('href="/assessment/drill?api=%2Fapi%2Flegal%2Fservices&amp;label=%E6%B3%95%E5%BE%8B%E6%9C%8D%E5%8A%A1%E8%AE%B0%E5%BD%95&amp;q.from=2020-01-01&amp;q.to=2020-12-31"');
    const md = (await leader.get(`/api/reports/${id}/export?format=md`)).body;
    expect(md).toContain('## 一、工作情况');
    for (const out of [xml, html.body, md]) expect(findPersonalData(out)).toEqual([]);
  });

  it('suggests shortcoming and plan items from the findings', async () => {
    const s = (await office.get(`/api/reports/${id}/suggestions`)).json();
    expect(s).toHaveProperty('findings');
    expect(Array.isArray(s.shortcomings)).toBe(true);
  });
});
