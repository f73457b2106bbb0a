// The backup drill through the real command line on PGlite: a running server holds the data directory (backup
// refuses), after it stops `zhili backup` and `zhili restore` copy the database into a new directory, and
// `zhili audit verify` passes there.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { openPGlite } from '../../src/server/db/database.ts';
import { tableChecksums } from '../../src/server/platform/backup/backup.ts';

const root = path.resolve(import.meta.dirname, '../..');
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-drill-'));
afterAll(() => fs.rmSync(tmp, { recursive: true, force: true }));

const env = (dataDir: string) => ({
  ...process.env,
  DATABASE_URL: '',
  ZHILI_DATA_DIR: dataDir,
  ZHILI_ADMIN_PASSWORD: 'Qz7#drill-K9m2vX-ops',
  LOG_LEVEL: 'warn',
  PORT: '0',
});

function zhili(dataDir: string, ...args: string[]) {
  const r = spawnSync(process.execPath, [path.join(root, 'bin/zhili.mjs'), ...args], { cwd: tmp, env: env(dataDir), encoding: 'utf8', timeout: 300_000 });
  return { code: r.status, out: `${r.stdout}${r.stderr}` };
}

async function checksumsOf(dataDir: string) {
  const d = await openPGlite(path.join(dataDir, 'pgdata'));
  try {
    return Object.fromEntries([...(await tableChecksums(d.db)).entries()].sort());
  } finally {
    await d.close();
  }
}

describe('zhili backup / restore drill (PGlite)', () => {
  it('refuses while the server runs, then copies the database into a new data directory', async () => {
    const a = path.join(tmp, 'a');
    const b = path.join(tmp, 'b');
    const server = spawn(process.execPath, [path.join(root, 'bin/zhili.mjs'), 'serve', '--no-demo'], { cwd: tmp, env: env(a) });
    let output = '';
    server.stdout.on('data', (d) => (output += d));
    server.stderr.on('data', (d) => (output += d));
    let gone = false;
    const exited = new Promise<number | null>((resolve) =>
      server.on('exit', (code) => {
        gone = true;
        resolve(code);
      }),
    );
    try {
      for (let i = 0; i < 1800 && !gone && !output.includes('is running'); i++) await new Promise((r) => setTimeout(r, 100));
      expect(output).toContain('is running');
      expect(fs.existsSync(path.join(a, 'zhili.lock'))).toBe(true);
      const refused = zhili(a, 'backup', '-o', path.join(tmp, 'refused.gz'));
      expect(refused.code).toBe(1);
      expect(refused.out).toMatch(/in use by zhili serve/);
      expect(fs.existsSync(path.join(tmp, 'refused.gz'))).toBe(false);
    } finally {
      server.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
    expect(fs.existsSync(path.join(a, 'zhili.lock'))).toBe(false);

    const file = path.join(tmp, 'drill.jsonl.gz');
    const backup = zhili(a, 'backup', '-o', file);
    expect(backup.out).toMatch(/backup written to/);
    expect(backup.code).toBe(0);
    const restore = zhili(b, 'restore', file);
    expect(restore.out).toMatch(/every table's count and checksum match/);
    expect(restore.code).toBe(0);
    const again = zhili(b, 'restore', file);
    expect(again.code).toBe(1);
    expect(again.out).toMatch(/not empty/);
    const verify = zhili(b, 'audit', 'verify');
    expect(verify.out).toMatch(/audit chain intact: [1-9]/);
    expect(verify.code).toBe(0);
    expect(await checksumsOf(b)).toEqual(await checksumsOf(a));
    // The server scheduled its housekeeping through the job runner, and the copy has it.
    const d = await openPGlite(path.join(b, 'pgdata'));
    try {
      const jobs = await d.db.selectFrom('jobs').select(['kind', 'status', 'repeatMs']).where('kind', '=', 'platform.prune_idempotency_keys').execute();
      expect(jobs.length).toBeGreaterThan(0);
      expect(jobs.filter((j) => j.status === 'pending')).toHaveLength(1);
    } finally {
      await d.close();
    }
  }, 600_000);
});
