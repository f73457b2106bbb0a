// Written from the GeoReport v2 specification (http://wiki.open311.org/GeoReport_v2): paths with a format
// extension, the element names of each response, open/closed statuses, W3C dates with offset, and the errors
// list with 400 / 403 / 404.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestApp, type Client, type TestApp } from '../../../../test/support/app.ts';
import { DB_KINDS } from '../../../../test/support/db.ts';
import { buildEvent, buildEventWorld, POINT_IN_GRID2, type EventWorld } from '../../../../test/support/events.factories.ts';

const form = (o: Record<string, string>) => ({
  payload: new URLSearchParams(o).toString(),
  headers: { 'content-type': 'application/x-www-form-urlencoded' },
});

describe.each(DB_KINDS)('Open311 GeoReport v2 on %s', (kind) => {
  let t: TestApp;
  let w: EventWorld;
  let anon: Client;
  let apiKey: string;
  let jcode: string;
  const db = () => t.database.db;

  beforeAll(async () => {
    t = await createTestApp(kind);
    w = await buildEventWorld(db());
    jcode = w.jurisdiction.code;
    anon = t.anonymous();
    const admin = await t.login(w.users.admin.username);
    apiKey = (await admin.post('/api/event-api-clients', { name: '城市 App', system: 'cityapp', scopes: ['open311'] })).json().key;
  });
  afterAll(() => t.close());

  const get = (url: string) => anon.get(url.includes('?') ? `${url}&jurisdiction_id=${jcode}` : `${url}?jurisdiction_id=${jcode}`);

  it('discovery lists the v2 endpoint and both formats', async () => {
    const j = await get('/open311/v2/discovery.json');
    expect(j.statusCode).toBe(200);
    expect(j.headers['content-type']).toContain('application/json');
    expect(j.json().endpoints[0]).toMatchObject({ specification: 'http://wiki.open311.org/GeoReport_v2', type: 'production' });
    expect(j.json().endpoints[0].formats).toEqual(['application/json', 'text/xml']);
    const x = await get('/open311/v2/discovery.xml');
    expect(x.headers['content-type']).toContain('text/xml');
    expect(x.body).toMatch(/^<\?xml version="1.0" encoding="utf-8"\?>\n<discovery><changeset>/);
    expect(x.body).toContain('<endpoints><endpoint><specification>http://wiki.open311.org/GeoReport_v2</specification>');
    expect(x.body).toContain('<formats><format>application/json</format><format>text/xml</format></formats>');
  });

  it('services are the public categories, with the spec’s fields', async () => {
    const s = (await get('/open311/v2/services.json')).json();
    expect(s).toEqual([
      { service_code: w.categories.cityTop.code, service_name: '市容环境', description: '', metadata: false, type: 'realtime', keywords: '', group: '' },
      { service_code: w.categories.stall.code, service_name: '占道经营', description: '', metadata: false, type: 'realtime', keywords: '', group: '市容环境' },
    ]);
    const x = (await get('/open311/v2/services.xml')).body;
    expect(x).toContain(`<services><service><service_code>${w.categories.cityTop.code}</service_code><service_name>市容环境</service_name>`);
    expect(x).toContain('<metadata>false</metadata><type>realtime</type>');
    const def = await get(`/open311/v2/services/${w.categories.stall.code}.json`);
    expect(def.json()).toEqual({ service_code: w.categories.stall.code, attributes: [] });
    expect((await get(`/open311/v2/services/${w.categories.stall.code}.xml`)).body).toContain(
      `<service_definition><service_code>${w.categories.stall.code}</service_code><attributes></attributes></service_definition>`,
    );
    // Not public: not a service.
    const hidden = await get(`/open311/v2/services/${w.categories.wages.code}.json`);
    expect(hidden.statusCode).toBe(404);
    expect(hidden.json()).toEqual([{ code: 404, description: 'service_code not found' }]);
    const hx = await get(`/open311/v2/services/${w.categories.wages.code}.xml`);
    expect(hx.statusCode).toBe(404);
    expect(hx.body).toContain('<errors><error><code>404</code><description>service_code not found</description></error></errors>');
  });

  it('POST requests needs an api_key (403), a valid service_code and a location (400); then returns id and token', async () => {
    const base = { service_code: w.categories.stall.code, lat: String(POINT_IN_GRID2[1]), long: String(POINT_IN_GRID2[0]), description: '路边违规摆摊' };
    const noKey = await anon.request({ method: 'POST', url: '/open311/v2/requests.json', ...form(base) });
    expect(noKey.statusCode).toBe(403);
    expect(noKey.json()[0].code).toBe(403);
    const badKey = await anon.request({ method: 'POST', url: '/open311/v2/requests.xml', ...form({ ...base, api_key: 'nope' }) });
    expect(badKey.statusCode).toBe(403);
    expect(badKey.body).toContain('<errors><error><code>403</code>');
    const badCode = await anon.request({ method: 'POST', url: '/open311/v2/requests.json', ...form({ ...base, api_key: apiKey, service_code: 'nope' }) });
    expect(badCode.statusCode).toBe(400);
    const noLoc = await anon.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ api_key: apiKey, service_code: w.categories.stall.code, description: '没有位置' }),
    });
    expect(noLoc.statusCode).toBe(400);
    expect(noLoc.json()[0].description).toContain('location');

    const ok = await anon.request({
      method: 'POST',
      url: '/open311/v2/requests.json',
      ...form({ ...base, api_key: apiKey, jurisdiction_id: jcode, first_name: '小明', last_name: '李', phone: '13900001111', 'attribute[WHEN]': 'morning' }),
    });
    expect(ok.statusCode).toBe(201);
    const [created] = ok.json();
    expect(created.service_request_id).toMatch(/^SJ\d{8}$/);
    expect(created.token).toMatch(/^[A-Z0-9]{10}$/);
    const row = await db().selectFrom('events').selectAll().where('code', '=', created.service_request_id).executeTakeFirstOrThrow();
    expect(row).toMatchObject({ source: 'open311', gridId: w.grid2.id, reporterName: '李**', contactMasked: '139****1111' });

    const xml = await anon.request({ method: 'POST', url: '/open311/v2/requests.xml', ...form({ ...base, api_key: apiKey }) });
    expect(xml.statusCode).toBe(201);
    expect(xml.body).toMatch(/<service_requests><request><service_request_id>SJ\d{8}<\/service_request_id><token>[A-Z0-9]{10}<\/token>/);

    const tok = await get(`/open311/v2/tokens/${created.token}.json`);
    expect(tok.json()).toEqual([{ service_request_id: created.service_request_id, token: created.token }]);
    expect((await get('/open311/v2/tokens/NOSUCHTOKEN.json')).statusCode).toBe(404);

    const one = (await get(`/open311/v2/requests/${created.service_request_id}.json`)).json();
    expect(one).toHaveLength(1);
    expect(one[0]).toMatchObject({
      service_request_id: created.service_request_id,
      status: 'open',
      service_code: w.categories.stall.code,
      service_name: '占道经营',
      lat: POINT_IN_GRID2[1],
      long: POINT_IN_GRID2[0],
      media_url: null,
    });
    expect(one[0].requested_datetime).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\+08:00$/);
    expect(JSON.stringify(one)).not.toContain('13900001111');
    expect(JSON.stringify(one)).not.toContain('小明');
    const oneXml = (await get(`/open311/v2/requests/${created.service_request_id}.xml`)).body;
    expect(oneXml).toContain(`<service_requests><request><service_request_id>${created.service_request_id}</service_request_id><status>open</status>`);
    expect((await get('/open311/v2/requests/SJ99999999.json')).statusCode).toBe(404);
  });

  it('GET requests filters by id, service_code, status and dates (default: the last 90 days), closed with status_notes', async () => {
    const old = await buildEvent(db(), w.jid, { categoryId: w.categories.stall.id, status: 'closed', reportedAt: new Date('2020-05-01T10:00:00+08:00') });
    const rejected = await buildEvent(db(), w.jid, { categoryId: w.categories.stall.id, status: 'rejected', fields: { endReason: '不属于受理范围' } });
    const privateCat = await buildEvent(db(), w.jid, { categoryId: w.categories.wages.id, status: 'reported' });
    const recent = (await get('/open311/v2/requests.json')).json() as { service_request_id: string; status: string; status_notes: string }[];
    const ids = recent.map((r) => r.service_request_id);
    expect(ids).toContain(rejected.code);
    expect(ids).not.toContain(old.code); // older than 90 days
    expect(ids).not.toContain(privateCat.code); // not a public service
    expect(recent.find((r) => r.service_request_id === rejected.code)).toMatchObject({ status: 'closed', status_notes: '不予受理：不属于受理范围' });
    const byId = (await get(`/open311/v2/requests.json?service_request_id=${old.code},${rejected.code}`)).json();
    expect(byId.map((r: { service_request_id: string }) => r.service_request_id).sort()).toEqual([old.code, rejected.code].sort());
    const dated = (await get('/open311/v2/requests.json?start_date=2020-04-01T00:00:00%2B08:00&end_date=2020-06-01T00:00:00%2B08:00')).json();
    expect(dated.map((r: { service_request_id: string }) => r.service_request_id)).toEqual([old.code]);
    const open = (await get('/open311/v2/requests.json?status=open')).json();
    expect(open.every((r: { status: string }) => r.status === 'open')).toBe(true);
    const closed = (await get('/open311/v2/requests.json?status=closed')).json();
    expect(closed.map((r: { service_request_id: string }) => r.service_request_id)).toContain(rejected.code);
    expect((await get(`/open311/v2/requests.json?service_code=${w.categories.cityTop.code}`)).json()).toEqual([]);
    const bad = await get('/open311/v2/requests.xml?start_date=yesterday');
    expect(bad.statusCode).toBe(400);
    expect(bad.body).toContain('<errors><error><code>400</code>');
    expect((await get('/open311/v2/requests.json?status=pending')).statusCode).toBe(400);
    const xml = (await get('/open311/v2/requests.xml')).body;
    expect(xml.startsWith('<?xml version="1.0" encoding="utf-8"?>\n<service_requests>')).toBe(true);
    expect((await anon.get('/open311/v2/services.json?jurisdiction_id=nowhere')).statusCode).toBe(404);
  });
});
