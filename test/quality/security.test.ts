// Security checks with figures: sign-in throttling and lockout, session expiry and revocation, cross-site
// writes, security headers, upload limits and type checks (magic bytes), EXIF/GPS removed from photos,
// personal data never in the logs (pino output of a run that records people with ID-card numbers and phone
// numbers, scanned) nor in the audit log, and no plaintext ID-card number or phone in a database backup.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import zlib from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../../src/server/app.ts';
import { loadConfig } from '../../src/server/config.ts';
import type { Database } from '../../src/server/db/database.ts';
import { backupDatabase } from '../../src/server/platform/backup/backup.ts';
import { idCardCheckChar } from '../../src/server/platform/crypto/sensitive.ts';
import { clientFor, type Client } from '../support/app.ts';
import { createTestDatabase, DB_KINDS } from '../support/db.ts';
import { buildEvent, buildEventWorld, multipart, TINY_JPEG, type EventWorld } from '../support/events.factories.ts';
import { buildUser, TEST_PASSWORD } from '../support/factories.ts';
import { ageSession } from '../support/identity.factories.ts';
import { recordFigures } from './figures.ts';

const ID_RE = /(?<![0-9A-Za-z])\d{17}[\dXx](?![0-9A-Za-z])/g;
const PHONE_RE = /(?<![0-9A-Za-z])1[3-9]\d{9}(?![0-9A-Za-z])/g;

function idCard(seq: number): string {
  const first17 = `120113198${String(seq % 10)}0312${String(100 + seq).padStart(3, '0')}`;
  return first17 + idCardCheckChar(first17);
}

function jpegWithGps(): Buffer {
  const seg = (marker: number, payload: Buffer) => {
    const len = Buffer.alloc(2);
    len.writeUInt16BE(payload.length + 2);
    return Buffer.concat([Buffer.from([0xff, marker]), len, payload]);
  };
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    seg(0xe0, Buffer.from('JFIF\0\x01\x01\0\0\x01\0\x01\0\0', 'latin1')),
    seg(0xe1, Buffer.from('Exif\0\0MM\0*GPSLatitude 39.2251 N GPSLongitude 117.1253 E', 'latin1')),
    seg(0xda, Buffer.from([0, 1, 2])),
    Buffer.from([0x11, 0x22, 0xff, 0xd9]),
  ]);
}

describe.each(DB_KINDS)('security checks on %s', (kind) => {
  let database: Database;
  let app: FastifyInstance;
  let w: EventWorld;
  const logLines: string[] = [];
  const figures: Record<string, number | string> = {};
  const secretKey = randomBytes(32);
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-sec-'));

  const login = async (username: string, password = TEST_PASSWORD) =>
    app.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password }, remoteAddress: `10.0.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}` });
  const client = async (username: string): Promise<Client> => {
    const res = await login(username);
    expect(res.statusCode, res.body).toBe(200);
    const c = res.cookies.find((x) => x.name === 'zhili_session')!;
    return clientFor(app, `zhili_session=${c.value}`, res.json().csrfToken);
  };

  beforeAll(async () => {
    database = await createTestDatabase(kind);
    // A real logger (pino, JSON lines, debug level) whose output the test keeps.
    const stream = new Writable({
      write(chunk, _enc, cb) {
        logLines.push(chunk.toString());
        cb();
      },
    });
    const config = loadConfig({ LOG_LEVEL: 'debug', ZHILI_DATA_DIR: dataDir });
    app = await buildApp({ config, database, secretKey, logger: { level: 'debug', stream }, rateLimits: { login: 8, public: 1000 }, webDir: '/nonexistent' });
    await app.ready();
    w = await buildEventWorld(database.db);
  }, 120_000);
  afterAll(async () => {
    await app?.close();
    await database?.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('throttles sign-in attempts per address and locks an account after repeated failures', async () => {
    const u = await buildUser(database.db, w.jid, 'handler', { orgUnitId: w.deptA.id });
    const from = (ip: string) => app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: u.username, password: 'wrong-password-1' }, remoteAddress: ip });
    const codes: number[] = [];
    for (let i = 0; i < 10; i++) codes.push((await from('10.9.9.9')).statusCode);
    expect(codes.slice(0, 8).every((c) => c === 401)).toBe(true);
    expect(codes.slice(8)).toEqual([429, 429]);
    // The account is now locked: the right password from a fresh address is refused too, in the same words.
    const locked = await login(u.username);
    expect(locked.statusCode).toBe(401);
    const other = await buildUser(database.db, w.jid, 'handler', { orgUnitId: w.deptA.id });
    const wrong = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { username: other.username, password: 'nope-nope-1' }, remoteAddress: '10.8.8.8' });
    expect(locked.json().error.code).toBe(wrong.json().error.code);
    figures['sign-in attempts before 429 (per address per minute)'] = codes.indexOf(429);
    figures['right password refused after lockout'] = 'yes';
  });

  it('ends sessions when idle, past their maximum age, on sign-out, on revocation and when the user is disabled', async () => {
    const mk = async () => {
      const u = await buildUser(database.db, w.jid, 'handler', { orgUnitId: w.deptA.id });
      return { u, c: await client(u.username) };
    };
    const ended = async (c: Client) => (await c.get('/api/me')).statusCode === 401;
    const results: Record<string, boolean> = {};
    let s = await mk();
    expect(await ended(s.c)).toBe(false);
    await ageSession(database.db, s.u.id, 31);
    results.idle = await ended(s.c);
    s = await mk();
    await sql`update sessions set expires_at = now() - interval '1 second' where user_id = ${s.u.id}`.execute(database.db);
    results['maximum age'] = await ended(s.c);
    s = await mk();
    expect((await s.c.post('/api/auth/logout')).statusCode).toBeLessThan(300);
    results['sign-out'] = await ended(s.c);
    const secAdmin = await client((await buildUser(database.db, w.jid, 'security_admin')).username);
    s = await mk();
    expect((await secAdmin.delete(`/api/users/${s.u.id}/sessions`)).statusCode).toBeLessThan(300);
    results.revocation = await ended(s.c);
    const admin = await client(w.users.admin.username);
    s = await mk();
    expect((await admin.post(`/api/users/${s.u.id}/disable`)).statusCode).toBeLessThan(300);
    results['user disabled'] = await ended(s.c);
    expect(results).toEqual({ idle: true, 'maximum age': true, 'sign-out': true, revocation: true, 'user disabled': true });
    figures['session endings checked (idle, max age, sign-out, revocation, disabled)'] = Object.values(results).filter(Boolean).length;
  });

  it('refuses writes from another origin or without the CSRF token', async () => {
    const c = await client(w.users.dispatcher.username);
    const body = { note: '跨站测试' };
    const ev = await buildEvent(database.db, w.jid, { categoryId: w.categories.stall.id, gridId: w.grid1.id });
    const url = `/api/events/${ev.id}/comments`;
    const attempts = [
      await c.request({ method: 'POST', url, payload: body, headers: { origin: 'http://evil.example' } }),
      await c.request({ method: 'POST', url, payload: body, headers: { origin: 'null' } }),
      await app.inject({ method: 'POST', url, payload: body, headers: { cookie: c.cookie } }),
      await app.inject({ method: 'POST', url, payload: body, headers: { cookie: c.cookie, 'x-csrf-token': 'forged-token' } }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    expect(attempts.map((r) => r.json().error.code)).toEqual(['auth.cross_origin', 'auth.cross_origin', 'auth.csrf', 'auth.csrf']);
    const same = await c.request({ method: 'POST', url, payload: body, headers: { origin: 'http://zhili.example:3000', host: 'zhili.example:3000' } });
    expect(same.statusCode).toBe(201);
    expect(await database.db.selectFrom('eventTimeline').select('id').where('eventId', '=', ev.id).where('action', '=', 'comment').execute()).toHaveLength(1);
    figures['cross-site writes refused'] = `${attempts.length} of ${attempts.length}`;
  });

  it('sends the security headers and safe cookie attributes', async () => {
    const res = await login(w.users.leader.username);
    const cookie = String(res.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/i);
    expect(cookie).toMatch(/SameSite=Strict/i);
    for (const r of [res, await app.inject({ method: 'GET', url: '/api/me' }), await app.inject({ method: 'GET', url: '/api/nope' })]) {
      const csp = String(r.headers['content-security-policy']);
      expect(csp).toContain("default-src 'self'");
      expect(csp).toContain("frame-ancestors 'none'");
      expect(r.headers['x-content-type-options']).toBe('nosniff');
      expect(r.headers['referrer-policy']).toBe('strict-origin-when-cross-origin');
      expect(r.headers['x-frame-options']).toBeDefined();
      expect(r.headers['x-powered-by']).toBeUndefined();
    }
    figures['security headers'] = 'CSP, nosniff, Referrer-Policy, X-Frame-Options; cookie HttpOnly + SameSite=Strict';
  });

  it('checks photo uploads by their bytes, limits their size and number, and strips EXIF/GPS', async () => {
    const gw = await client(w.users.gw1.username);
    const ev = await buildEvent(database.db, w.jid, { categoryId: w.categories.stall.id, gridId: w.grid1.id, status: 'reported' });
    const url = `/api/events/${ev.id}/photos?phase=report`;
    const up = (files: Parameters<typeof multipart>[0]) => gw.request({ method: 'POST', url, ...multipart(files) });
    const refused = [
      await up([{ name: 'photo.jpg', data: Buffer.concat([Buffer.from('MZ'), Buffer.alloc(500)]), type: 'image/jpeg' }]),
      await up([{ name: 'x.svg', data: Buffer.from('<svg onload="alert(1)"/>'), type: 'image/svg+xml' }]),
      await up([{ name: 'x.gif', data: Buffer.from('GIF89a....'), type: 'image/gif' }]),
      await up([{ name: 'big.jpg', data: Buffer.concat([TINY_JPEG.subarray(0, 4), Buffer.alloc(8 * 1024 * 1024 + 10)]), type: 'image/jpeg' }]),
      await up(Array.from({ length: 10 }, (_, i) => ({ name: `${i}.jpg`, data: TINY_JPEG, type: 'image/jpeg' }))),
    ];
    expect(refused.map((r) => r.statusCode).every((s) => s === 400 || s === 413 || s === 422)).toBe(true);
    expect(await database.db.selectFrom('eventPhotos').select('id').where('eventId', '=', ev.id).execute()).toHaveLength(0);
    const ok = await up([{ name: 'with-gps.jpg', data: jpegWithGps(), type: 'image/jpeg' }]);
    expect(ok.statusCode, ok.body).toBe(201);
    const stored = await gw.get(ok.json()[0].url);
    expect(stored.statusCode).toBe(200);
    expect(stored.rawPayload.includes(Buffer.from('Exif'))).toBe(false);
    expect(stored.rawPayload.includes(Buffer.from('GPSLatitude'))).toBe(false);
    expect(stored.rawPayload.subarray(-4)).toEqual(Buffer.from([0x11, 0x22, 0xff, 0xd9]));
    const tooBig = await gw.request({ method: 'POST', url: `/api/events/${ev.id}/comments`, payload: { note: 'x'.repeat(3 * 1024 * 1024) } });
    expect(tooBig.statusCode).toBe(413);
    figures['bad uploads refused (exe as .jpg, SVG, GIF, > 8 MB, 10 files)'] = `${refused.length} of 5`;
    figures['EXIF/GPS in the stored photo'] = 0;
  });

  it('keeps ID-card numbers and phone numbers out of the logs, the audit log and a database backup', async () => {
    const db = database.db;
    const ids = [idCard(1), idCard(2), idCard(3)];
    const phones = ['13812345671', '15987654322', '18611112223', '13700001114'];
    const mediator = await client((await buildUser(db, w.jid, 'mediator')).username);
    const dispute = await mediator.post('/api/mediation/disputes', {
      type: 'wage',
      title: '欠薪纠纷（安全测试）',
      parties: [
        { role: 'applicant', kind: 'person', name: '张三', idCard: ids[0], phone: phones[0] },
        { role: 'respondent', kind: 'person', name: '李四', idCard: ids[1], phone: phones[1] },
      ],
    });
    expect(dispute.statusCode, dispute.body).toBeLessThan(300);
    // A refused ID number must not be echoed into the logs either.
    await mediator.post('/api/mediation/disputes', { type: 'wage', title: '坏号码', parties: [{ role: 'applicant', name: '王五', idCard: '120113198503120000', phone: '1381234' }] });
    const safetyUser = await buildUser(db, w.jid, 'safety');
    const safety = await client(safetyUser.username);
    const subject = await safety.post('/api/safety/subjects', { kind: 'community_correction', name: '赵六', idNumber: ids[2], supervisionStart: '2020-03-01', officerId: safetyUser.id });
    expect(subject.statusCode, subject.body).toBeLessThan(300);
    const dispatcher = await client(w.users.dispatcher.username);
    const hot = await dispatcher.post('/api/events', { categoryId: w.categories.stall.id, description: '热线反映占道经营', source: 'hotline', contactName: '钱七', contactPhone: phones[2], gridId: w.grid1.id });
    expect(hot.statusCode, hot.body).toBe(201);
    const pub = await app.inject({ method: 'POST', url: '/api/public/events', payload: { categoryId: w.categories.stall.id, description: '群众反映占道经营问题', lng: 117.125, lat: 39.225, contactPhone: phones[3] } });
    expect(pub.statusCode, pub.body).toBe(201);
    // Searches carry personal data in query strings.
    await dispatcher.get(`/api/events?q=${phones[2]}`);
    await mediator.get(`/api/mediation/disputes?q=${ids[0]}`);

    await new Promise((r) => setTimeout(r, 50));
    const logs = logLines.join('');
    expect(logLines.length).toBeGreaterThan(10);
    const known = [...ids, '120113198503120000', ...phones];
    const inLogs = known.filter((v) => logs.includes(v)).length + (logs.match(ID_RE) ?? []).length + (logs.match(PHONE_RE) ?? []).length;
    const audit = (await sql<{ t: string }>`select details::text || ' ' || coalesce(entity_id, '') || ' ' || actor_name as t from audit_log`.execute(db)).rows.map((r) => r.t).join('\n');
    const inAudit = known.filter((v) => audit.includes(v)).length + (audit.match(ID_RE) ?? []).length + (audit.match(PHONE_RE) ?? []).length;

    const file = path.join(dataDir, 'security.jsonl.gz');
    await backupDatabase(database, file);
    const dump = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8');
    const inDumpKnown = known.filter((v) => dump.includes(v));
    const inDumpPattern = (dump.match(ID_RE) ?? []).filter((m) => !/^0+$/.test(m));
    figures['log lines scanned'] = logLines.length;
    figures['ID-card or phone numbers in logs'] = inLogs;
    figures['ID-card or phone numbers in audit details'] = inAudit;
    figures['backup size (bytes, uncompressed)'] = dump.length;
    figures['plaintext ID-card or phone numbers in the backup'] = inDumpKnown.length + inDumpPattern.length;
    expect(inLogs).toBe(0);
    expect(inAudit).toBe(0);
    expect(inDumpKnown).toEqual([]);
    expect(inDumpPattern).toEqual([]);
    recordFigures('security', kind, figures);
  });
});
