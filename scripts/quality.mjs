// npm run quality [-- --full]: runs the quality suites (access matrix and cross-owner attempts, bad-input fuzzing,
// crash drill, concurrency, backup and restore drill, security checks) and writes docs/QUALITY.md from the
// figures they measured — never typed by hand. PostgreSQL variants run when TEST_DATABASE_URL is set.
// --full: QUALITY_SIZE=full (ten times the fuzz inputs, 20 kills, more trials). Performance figures come from
// `npm run bench -- --out docs/bench-<db>.json` runs, included when present. Exits non-zero if a suite failed.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const full = process.argv.includes('--full');
const figuresDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-quality-'));
const reportFile = path.join(figuresDir, 'vitest.json');

const SUITES = [
  'test/access-matrix.test.ts',
  'test/quality/cross-owner.test.ts',
  'test/quality/fuzz.test.ts',
  'test/quality/crash.test.ts',
  'test/quality/idempotency-recovery.test.ts',
  'test/quality/concurrency.test.ts',
  'src/server/platform/jobs/jobs.test.ts',
  'test/platform/backup-cli.test.ts',
  'src/server/platform/backup/backup.test.ts',
  'test/quality/security.test.ts',
  'src/server/platform/uploads/image-metadata.test.ts',
];

const env = { ...process.env, QUALITY_FIGURES_DIR: figuresDir, ...(full ? { QUALITY_SIZE: 'full' } : {}) };
console.log(`▶ quality suites (${full ? 'full' : 'CI'} size; ${process.env.TEST_DATABASE_URL ? 'PGlite and PostgreSQL' : 'PGlite only — set TEST_DATABASE_URL for PostgreSQL'})`);
const started = Date.now();
const output = await new Promise((resolve) => {
  const child = spawn(path.join(root, 'node_modules/.bin/vitest'), ['run', ...SUITES, '--reporter=default', '--reporter=json', `--outputFile=${reportFile}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
  let text = '';
  const tee = (stream) => (b) => {
    text += b;
    stream.write(b);
  };
  child.stdout.on('data', tee(process.stdout));
  child.stderr.on('data', tee(process.stderr));
  child.on('exit', (code) => resolve({ code, text }));
});
// Stored script payloads rendered by the pages in Chromium (needs the web bundle and Debian's chromium).
const chromium = process.env.ZHILI_CHROMIUM ?? '/usr/bin/chromium';
let xss = 'not run (needs /usr/bin/chromium and a built web bundle: npm run build)';
let xssFailed = false;
if (fs.existsSync(chromium) && fs.existsSync(path.join(root, 'dist/web/index.html'))) {
  const r = await new Promise((resolve) => {
    const child = spawn(path.join(root, 'node_modules/.bin/vitest'), ['run', '-c', 'vitest.e2e.config.ts', 'test/e2e/quality-xss.e2e.test.ts'], { env, stdio: 'inherit' });
    child.on('exit', (code) => resolve(code));
  });
  xssFailed = r !== 0;
  xss = xssFailed ? '**FAILED**' : 'passed: no dialog, no payload ran, no injected handler on the event list, event, enterprise and demand pages';
}
const seconds = Math.round((Date.now() - started) / 1000);

// ---------------------------------------------------------------- collect
let report = { testResults: [], numPassedTests: 0, numFailedTests: 0 };
try {
  report = JSON.parse(fs.readFileSync(reportFile, 'utf8'));
} catch {
  console.error('no vitest report: the run crashed?');
}
const figures = fs
  .readdirSync(figuresDir)
  .filter((f) => f.endsWith('.json') && f !== 'vitest.json')
  .map((f) => JSON.parse(fs.readFileSync(path.join(figuresDir, f), 'utf8')));
const fig = (suite) => figures.filter((f) => f.suite === suite).sort((a, b) => a.variant.localeCompare(b.variant));
const plain = output.text.replace(/\x1b\[[0-9;]*m/g, '');
const matrix = [...plain.matchAll(/access matrix \((\w+)\): (\d+) routes, (\d+) principals, (\d+) cells, (\d+) denials checked, (\d+) public cells[^,]*, unexpected successes = (\d+), failures = (\d+)/g)].map((m) => ({
  db: m[1],
  routes: +m[2],
  principals: +m[3],
  cells: +m[4],
  denials: +m[5],
  publicOwnChecks: +m[6],
  unexpected: +m[7],
  failures: +m[8],
}));
const files = new Map();
for (const f of report.testResults ?? []) {
  const rel = path.relative(root, f.name);
  const tests = f.assertionResults ?? [];
  files.set(rel, {
    passed: tests.filter((t) => t.status === 'passed').length,
    failed: tests.filter((t) => t.status === 'failed').length + (f.status === 'failed' && tests.every((t) => t.status !== 'failed') ? 1 : 0),
    skipped: tests.filter((t) => t.status === 'skipped' || t.status === 'pending').length,
    tests,
  });
}
const status = (file) => {
  const f = files.get(file);
  if (!f) return 'not run';
  return f.failed ? `**FAILED** (${f.failed} failed, ${f.passed} passed)` : `passed (${f.passed} tests${f.skipped ? `, ${f.skipped} skipped` : ''})`;
};
const anyFailed = output.code !== 0 || xssFailed || [...files.values()].some((f) => f.failed > 0);

// ---------------------------------------------------------------- write docs/QUALITY.md
const table = (rows) => {
  if (rows.length === 0) return '_not measured in this run_\n';
  const variants = rows.map((r) => r.variant);
  const keys = [...new Set(rows.flatMap((r) => Object.keys(r.figures)))];
  return [`| figure | ${variants.join(' | ')} |`, `|---|${variants.map(() => '---:').join('|')}|`, ...keys.map((k) => `| ${k} | ${rows.map((r) => String(r.figures[k] ?? '—')).join(' | ')} |`)].join('\n') + '\n';
};
const one = (suite, variant, key) => fig(suite).find((f) => f.variant === variant)?.figures[key];
const dbs = [...new Set(figures.map((f) => f.variant))].filter((v) => v === 'pglite' || v === 'postgres');
const sum = (suite, key) => fig(suite).reduce((a, f) => a + (Number(f.figures[key]) || 0), 0);

const targets = [
  ['Unexpected authorisation successes (matrix + cross-owner)', '0', String(matrix.reduce((a, m) => a + m.unexpected, 0) + sum('cross-owner', 'unexpected successes'))],
  ['5xx answers to bad inputs', `0 of ≥ ${full ? '100,000' : '10,000'} per database`, fig('fuzz').map((f) => `${f.figures['5xx']} of ${f.figures['inputs tried']} (${f.variant})`).join('; ') || '—'],
  ['Stack traces leaked', '0', String(sum('fuzz', 'stack traces leaked'))],
  ['Stored XSS payloads that run in Chromium', '0', xssFailed ? 'FAILED' : xss.startsWith('passed') ? '0' : 'not run'],
  ['Acknowledged writes lost across SIGKILLs', '0 across ≥ 5 kills', fig('crash').map((f) => `${f.figures.lost} of ${f.figures['writes acknowledged']}, ${f.figures['kills under load']} + ${f.figures['kills during the first start']} kills (${f.variant})`).join('; ') || '—'],
  ['Acknowledged writes duplicated', '0', String(sum('crash', 'duplicated'))],
  ['Simultaneous moves: trials without exactly one winner; lost updates', '0; 0', fig('concurrency').map((f) => `${f.figures['trials with other than exactly one winner']}; ${f.figures['lost updates']} (${f.variant})`).join('; ') || '—'],
  ['Deadline jobs run more than once (two server processes)', '0', fig('deadline jobs, two server processes').map((f) => `${f.figures['claimed more than once']} of ${f.figures['deadline jobs']}`).join('; ') || 'PostgreSQL not configured'],
  ['Backup → restore: counts, checksums, audit chain equal', 'identical', `${status('src/server/platform/backup/backup.test.ts')}; CLI drill ${status('test/platform/backup-cli.test.ts')}`],
  ['ID-card / phone numbers in logs, audit details, backup', '0', fig('security').map((f) => `${f.figures['ID-card or phone numbers in logs']}, ${f.figures['ID-card or phone numbers in audit details']}, ${f.figures['plaintext ID-card or phone numbers in the backup']} (${f.variant})`).join('; ') || '—'],
];

const benchFiles = fs.existsSync('docs') ? fs.readdirSync('docs').filter((f) => /^bench-.*\.json$/.test(f)) : [];
for (const f of benchFiles.sort()) {
  const r = JSON.parse(fs.readFileSync(path.join('docs', f), 'utf8'));
  for (const row of r.rows.filter((x) => x.target)) {
    const a = row.api;
    const measured = row.target.text.startsWith('p95') ? `p95 ${Math.round(a.p95)} ms` : row.target.text.includes('ceiling') ? `${Math.round((a.rps / row.ceiling.rps) * 100)}% (${a.rps.toFixed(0)} of ${row.ceiling.rps.toFixed(0)} req/s)` : `median ${Math.round(a.median)} ms`;
    targets.push([`Bench, ${r.events.toLocaleString('en')} events on ${row.db}: ${row.operation}`, row.target.text, `${measured} ${row.target.met ? '✓' : '✗ missed'}`]);
  }
}
let benchSection = 'No bench results recorded yet: run `npm run bench -- --out docs/bench-<db>.json`, then `npm run quality` again.\n';
if (benchFiles.length) {
  benchSection = benchFiles
    .sort()
    .map((f) => {
      const r = JSON.parse(fs.readFileSync(path.join('docs', f), 'utf8'));
      return `From \`docs/${f}\` — measured ${r.at.slice(0, 16).replace('T', ' ')} UTC with \`zhili bench --events ${r.events} --duration ${r.duration}\`, ${r.connections} connections, on ${r.machine}.\n\n${r.table}\n`;
    })
    .join('\n');
}

const commit = await new Promise((resolve) => {
  const c = spawn('git', ['rev-parse', '--short', 'HEAD'], { stdio: ['ignore', 'pipe', 'ignore'] });
  let t = '';
  c.stdout.on('data', (b) => (t += b));
  c.on('exit', () => resolve(t.trim() || 'unknown'));
});

const md = `# Quality

<!-- Generated by \`npm run quality\` (scripts/quality.mjs) from the figures the suites measured. Do not edit by hand. -->

Generated ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC at commit \`${commit}\`, ${full ? '**full size**' : 'CI size'}, on ${os.cpus().length} × ${os.cpus()[0]?.model ?? 'CPU'} (load ${os.loadavg()[0].toFixed(1)}), databases: ${dbs.join(' and ') || 'none'}; ${seconds} s. Result: ${anyFailed ? '**some suites FAILED** (see below)' : 'every suite passed'}.

The same suites run at CI size in \`npm test\` (they are ordinary Vitest files under \`test/quality/\`), so a regression fails CI; \`npm run quality -- --full\` runs them ten times larger.

## Targets

| what | target | measured |
|---|---|---|
${targets.map((t) => `| ${t.join(' | ')} |`).join('\n')}

## 1. Access control

The access matrix (\`test/access-matrix.test.ts\`) walks the guard's own route table: every route × every role × anonymous; expected outcomes come from the policy tables; denied answers carry nothing but the error. ${status('test/access-matrix.test.ts')}.

| db | routes | principals | cells | denials checked | public routes refused by their own key check | unexpected successes | failures |
|---|---:|---:|---:|---:|---:|---:|---:|
${matrix.map((m) => `| ${m.db} | ${m.routes} | ${m.principals} | ${m.cells} | ${m.denials} | ${m.publicOwnChecks} | ${m.unexpected} | ${m.failures} |`).join('\n') || '| — | | | | | | | |'}

Cross-owner attempts (\`test/quality/cross-owner.test.ts\`): for each kind of object — an event (another grid, another department, another enterprise), an enterprise demand and registry record (another enterprise, another department), a mediation dispute and a petition (another department), a duty lawyer's service record (another lawyer), a plan task (another department), anything in another jurisdiction, and the public's other tracking codes — every route under the object's path is called by every outsider with a schema-valid body, and every list they can read is searched for the object's marker text. The owners' own view is checked too. ${status('test/quality/cross-owner.test.ts')}.

${table(fig('cross-owner'))}
## 2. Bad-input fuzzing

\`test/quality/fuzz.test.ts\`: fast-check requests derived from each route's published schema (OpenAPI): wrong types, out-of-range numbers, huge strings, deep nesting (to 100,000 levels), NUL bytes, lone surrogates and other unicode edge cases, SQL and script payloads, malformed JSON and multipart bodies, invalid credit codes and ID-card numbers, hostile headers — sent signed in (as a role that may use the route) and anonymously, with a fixed seed. An answer fails if it is a 5xx or carries a stack frame or a server file path. ${status('test/quality/fuzz.test.ts')}.

Stored script payloads (\`test/e2e/quality-xss.e2e.test.ts\`: events, a department, a grid, categories, an enterprise and a demand named and described with XSS payloads, opened in Chromium): ${xss}.

${table(fig('fuzz'))}
## 3. Crash safety

\`test/quality/crash.test.ts\` (driver: \`test/quality/crash-drill.ts\`, also runnable alone: \`npx tsx test/quality/crash-drill.ts --db postgres --kills 20\`) runs the real server (\`node bin/zhili.mjs serve --no-demo\`) as a child process, kills it with SIGKILL during its very first start on an empty data directory, then again and again under a write load — event intake and workflow moves, demand collection, assignment and answers, each with an Idempotency-Key — restarts it, and lets the clients retry what was cut off with the same key. Then it reads the database: every acknowledged write present exactly once, every status timeline chaining from the first status to the record's status through allowed moves, one audit row per report, the audit chain verifying. A request cut off by a kill leaves its key pending; the retry takes the key over once that request is certainly over (on PGlite at once — one process per data directory — on PostgreSQL after ${'2 minutes'}), and the audit rows written in the same transaction tell whether it committed (answer \`409 idempotency.completed\` naming the record) or must run again. "Indeterminate" counts the cut-off writes whose outcome the client established by reading back. ${status('test/quality/crash.test.ts')}; key take-over: ${status('test/quality/idempotency-recovery.test.ts')}.

${table(fig('crash'))}
**PGlite never calls fsync.** A killed process (SIGKILL, crash, out of memory) loses nothing that was acknowledged — measured above, and in docs/OPERATIONS.md — because each commit reaches the operating system before it is acknowledged; but a power loss or a kernel crash can lose recent commits or leave the data directory unusable. Production data belongs on PostgreSQL, where commits are fsync'd to the WAL.

## 4. Concurrency

\`test/quality/concurrency.test.ts\`: N simultaneous workflow moves on one object, T times over, on events and on demands — exactly one may win, the others answer 409, and the winner's move is the only one recorded (the version advanced by one). On PostgreSQL, two real server processes, each with its own job runner, share one database; events whose acceptance limit is zero minutes make a deadline job each, and every job must be claimed exactly once, every event marked overdue once. (The job runner's own test — two runners on two connections over 300 jobs — is in \`src/server/platform/jobs/jobs.test.ts\`: ${status('src/server/platform/jobs/jobs.test.ts')}.) ${status('test/quality/concurrency.test.ts')}.

${table(fig('concurrency'))}
${fig('deadline jobs, two server processes').length ? table(fig('deadline jobs, two server processes')) : '_Two server processes: needs PostgreSQL (TEST_DATABASE_URL); not run._\n'}
## 5. Backup and restore drill

Already built with the backup feature, and run here: \`src/server/platform/backup/backup.test.ts\` backs up and restores on each database and across them (PGlite → PostgreSQL and back), with writers running during the backup; after each restore every table's row count and SHA-256 content checksum equal the source's, sequences are past the largest ids, the audit chain verifies, and an altered row in a backup is caught (the target is left without data). \`test/platform/backup-cli.test.ts\` runs the whole drill through the command line on PGlite (server running → backup refused; server stopped → backup; restore into a new data directory; restore again refused; audit chain intact; counts and checksums equal).

| drill | result |
|---|---|
| backup.test.ts (both databases and across them) | ${status('src/server/platform/backup/backup.test.ts')} |
| backup-cli.test.ts (command line, PGlite) | ${status('test/platform/backup-cli.test.ts')} |

## 6. Security checks

\`test/quality/security.test.ts\` (pino at debug level captured and scanned; a backup written and scanned) and \`src/server/platform/uploads/image-metadata.test.ts\` (EXIF/GPS, XMP, IPTC and comments removed from JPEG, PNG and WebP; ${status('src/server/platform/uploads/image-metadata.test.ts')}). ${status('test/quality/security.test.ts')}.

${table(fig('security'))}
## 7. Performance

\`npm run bench\` (\`zhili bench [--events N] [--db pglite|postgres|both] [--duration S] [--only intake,list,…] [--out FILE]\`; never part of \`npm test\`; \`--only\` measures some operations again on a data set built whole) builds a data set with set-based SQL (vacuumed and analysed after the load, as autovacuum keeps a table that grew over years), serves it with the real application on 127.0.0.1 from a server process of its own (as \`npm start\` runs it), drives every operation with autocannon from a second process, and measures beside it the ceiling: a bare Fastify route on the same database, in the same run, doing the operation's single query. Ratio = our throughput ÷ the ceiling's. Targets at 1,000,000 events on PostgreSQL: intake ≥ 50% of its ceiling, list and search p95 ≤ 50 ms, a year's figures ≤ 300 ms, report ≤ 5 s.

${benchSection}
`;
fs.writeFileSync('docs/QUALITY.md', md);
fs.rmSync(figuresDir, { recursive: true, force: true });
console.log(`\n${anyFailed ? '✘ some quality suites failed' : '✔ every quality suite passed'}; docs/QUALITY.md written (${seconds} s)`);
process.exit(anyFailed ? 1 : 0);
