import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import zlib from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEmptyDatabase } from '../../../../test/platform/empty-db.ts';
import { createTestDatabase, DB_KINDS } from '../../../../test/support/db.ts';
import { buildJurisdiction, buildOrgUnit, buildUser } from '../../../../test/support/factories.ts';
import { openPostgres, type Database, type DatabaseKind, type Executor } from '../../db/database.ts';
import { appendAudit, verifyAuditChain } from '../audit/audit.ts';
import { systemContext } from '../context.ts';
import { scheduleJob } from '../jobs/jobs.ts';
import { backupDatabase, BackupError, readBackupHeader, restoreDatabase, tableChecksums } from './backup.ts';

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-backup-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));
let fileSeq = 0;
const newFile = () => path.join(tmp, `b${fileSeq++}.jsonl.gz`);

/** Rows in platform tables with awkward content: self-references pointing forward, unicode, newlines, JSON, gaps in ids. */
async function populate(db: Executor): Promise<{ jurisdictionId: number; maxUserId: number }> {
  const j = await buildJurisdiction(db, { name: '北辰开发区 "测试"' });
  const child = await buildOrgUnit(db, j.id, { name: '下级\n部门' });
  const parent = await buildOrgUnit(db, j.id, { name: '上级部门' });
  await db.updateTable('orgUnits').set({ parentId: parent.id }).where('id', '=', child.id).execute();
  let maxUserId = 0;
  for (let i = 0; i < 5; i++) maxUserId = (await buildUser(db, j.id, 'grid_worker', { orgUnitId: child.id, displayName: `网格员 ${i} 🌏` })).id;
  // The id sequence runs ahead of the largest id: the restored sequence must not hand out a used number.
  const gone = await buildUser(db, j.id, 'leader');
  await db.deleteFrom('users').where('id', '=', gone.id).execute();
  for (let i = 0; i < 12; i++) {
    await appendAudit(db, systemContext(`req-${i}`), {
      action: 'test.write',
      entity: 'thing',
      entityId: i,
      jurisdictionId: j.id,
      details: { n: i, text: '换行\n"引号"\\ \u2028 ok', list: [1, 2.5, null] },
    });
  }
  await db
    .insertInto('settings')
    .values({ jurisdictionId: j.id, key: 'weird', value: JSON.stringify({ a: [1, 2.5, -0.1, 1e21], s: 'x\ny', nested: { 'k"': true } }) })
    .execute();
  await db
    .insertInto('grids')
    .values({
      jurisdictionId: j.id,
      parentId: null,
      level: 'base',
      code: 'G01',
      name: '一号网格',
      boundary: JSON.stringify({ type: 'Polygon', coordinates: [[[117.1, 39.2], [117.2, 39.2], [117.2, 39.3], [117.1, 39.2]]] }),
      minLng: 117.1,
      minLat: 39.2,
      maxLng: 117.2,
      maxLat: 39.3,
      areaKm2: 0.1 + 0.2,
    })
    .execute();
  await scheduleJob(db, { kind: 'backup.test', runAt: new Date('2030-01-02T03:04:05.678Z'), payload: { x: 1 }, uniqueKey: 'backup:test' });
  return { jurisdictionId: j.id, maxUserId };
}

const asObject = (m: Map<string, unknown>) => Object.fromEntries([...m.entries()].sort());

describe.each(DB_KINDS)('backup and restore on %s', (kind) => {
  let source: Database;
  let seeded: { jurisdictionId: number; maxUserId: number };
  let file: string;
  beforeAll(async () => {
    source = await createTestDatabase(kind);
    seeded = await populate(source.db);
    file = newFile();
    await backupDatabase(source, file);
  });
  afterAll(() => source.close());

  it('writes a header with migrations and every table, counted and checksummed', async () => {
    const header = await readBackupHeader(file);
    expect(header).toMatchObject({ format: 'zhili-backup', version: 1, source: { kind } });
    expect(header.migrations).toContain('0001_identity');
    const names = header.tables.map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['jurisdictions', 'users', 'audit_log', 'audit_head', 'jobs', 'settings', 'grids']));
    expect(names.some((n) => n.startsWith('kysely_migration'))).toBe(false);
    // Parents before children.
    expect(names.indexOf('jurisdictions')).toBeLessThan(names.indexOf('users'));
    expect(names.indexOf('org_units')).toBeLessThan(names.indexOf('users'));
    const sums = await tableChecksums(source.db);
    for (const t of header.tables) expect({ name: t.name, rows: t.rows, sha256: t.sha256 }).toEqual({ name: t.name, ...sums.get(t.name) });
    expect(header.tables.find((t) => t.name === 'audit_log')?.rows).toBe(12);
  });

  it('restores into a database with no tables: same counts and checksums, audit chain intact, sequences past the ids', async () => {
    const target = await createEmptyDatabase(kind);
    try {
      const r = await restoreDatabase(target, file);
      expect(r.rows).toBeGreaterThan(20);
      expect(asObject(await tableChecksums(target.db))).toEqual(asObject(await tableChecksums(source.db)));
      const audit = await verifyAuditChain(target.db);
      expect(audit).toMatchObject({ ok: true, rows: 12, lastSeq: 12 });
      const u = await buildUser(target.db, seeded.jurisdictionId, 'leader');
      expect(u.id).toBeGreaterThan(seeded.maxUserId + 1);
      // The chain carries on where it stopped.
      await appendAudit(target.db, systemContext(), { action: 'after.restore', entity: 'x', jurisdictionId: seeded.jurisdictionId });
      expect(await verifyAuditChain(target.db)).toMatchObject({ ok: true, rows: 13 });
      const job = await target.db.selectFrom('jobs').selectAll().where('uniqueKey', '=', 'backup:test').executeTakeFirstOrThrow();
      expect(job.runAt.toISOString()).toBe('2030-01-02T03:04:05.678Z');
      expect(job.payload).toEqual({ x: 1 });
    } finally {
      await target.close();
    }
  });

  it('restores into a migrated, empty database', async () => {
    const target = await createTestDatabase(kind);
    try {
      await restoreDatabase(target, file);
      expect(asObject(await tableChecksums(target.db))).toEqual(asObject(await tableChecksums(source.db)));
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('refuses a database that has data', async () => {
    await expect(restoreDatabase(source, file)).rejects.toThrow(/not empty/);
  });

  it('refuses a file that is not a backup', async () => {
    const junk = newFile();
    fs.writeFileSync(junk, zlib.gzipSync('{"hello":1}\n'));
    const target = await createEmptyDatabase(kind);
    try {
      await expect(restoreDatabase(target, junk)).rejects.toBeInstanceOf(BackupError);
      fs.writeFileSync(junk, 'plain text');
      await expect(restoreDatabase(target, junk)).rejects.toBeInstanceOf(BackupError);
    } finally {
      await target.close();
    }
  });

  it('detects an altered row and leaves the target without data', async () => {
    const lines = zlib.gunzipSync(fs.readFileSync(file)).toString('utf8').split('\n');
    const i = lines.findIndex((l) => l.includes('网格员 3'));
    expect(i).toBeGreaterThan(0);
    lines[i] = lines[i].replace('网格员 3', '网格员 X');
    const altered = newFile();
    fs.writeFileSync(altered, zlib.gzipSync(lines.join('\n')));
    const target = await createEmptyDatabase(kind);
    try {
      await expect(restoreDatabase(target, altered)).rejects.toThrow(/users: content checksum differs/);
      const n = await target.db.selectFrom('users').select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow();
      expect(Number(n.n)).toBe(0);
      // Nothing half-restored: the same target takes the good backup afterwards.
      await restoreDatabase(target, file);
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
    } finally {
      await target.close();
    }
  });

  it('takes a consistent copy while another connection keeps writing', async () => {
    const busy = await createTestDatabase(kind);
    const writer = kind === 'postgres' ? openPostgres(busy.url!, 2) : busy;
    try {
      const { jurisdictionId } = await populate(busy.db);
      await busy.db
        .insertInto('jobs')
        .values(Array.from({ length: 3000 }, (_, i) => ({ kind: 'bulk', runAt: new Date(), payload: JSON.stringify({ i, pad: 'x'.repeat(200) }) })))
        .execute();
      let stop = false;
      let written = 0;
      const writing = (async () => {
        while (!stop) {
          await writer.db.transaction().execute(async (tx) => {
            await scheduleJob(tx, { kind: 'bulk', runAt: new Date() });
            await appendAudit(tx, systemContext(), { action: 'concurrent', entity: 'x', jurisdictionId });
          });
          written++;
        }
      })();
      const during = newFile();
      const header = await backupDatabase(busy, during);
      stop = true;
      await writing;
      expect(written).toBeGreaterThan(0);
      const target = await createEmptyDatabase(kind);
      try {
        await restoreDatabase(target, during);
        const audit = await verifyAuditChain(target.db);
        expect(audit.ok).toBe(true);
        const auditRows = header.tables.find((t) => t.name === 'audit_log')!.rows;
        const jobRows = header.tables.find((t) => t.name === 'jobs')!.rows;
        // Each write added one job and one audit row together: a consistent copy has both or neither.
        expect(jobRows - 3001).toBe(auditRows - 12);
      } finally {
        await target.close();
      }
    } finally {
      if (writer !== busy) await writer.close();
      await busy.close();
    }
  });
});

const kindsAcross: [DatabaseKind, DatabaseKind][] = DB_KINDS.includes('postgres')
  ? [
      ['pglite', 'postgres'],
      ['postgres', 'pglite'],
    ]
  : [];

describe.each(kindsAcross)('a backup from %s restores on %s', (from, to) => {
  it('with the same counts and checksums', async () => {
    const source = await createTestDatabase(from);
    const target = await createEmptyDatabase(to);
    try {
      await populate(source.db);
      const file = newFile();
      await backupDatabase(source, file);
      await restoreDatabase(target, file);
      expect(asObject(await tableChecksums(target.db))).toEqual(asObject(await tableChecksums(source.db)));
      expect((await verifyAuditChain(target.db)).ok).toBe(true);
    } finally {
      await source.close();
      await target.close();
    }
  });
});
