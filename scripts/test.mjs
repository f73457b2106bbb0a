// npm test: type check, unit + integration tests, web build, browser tests — in that order — then one
// plain line summing every test run: "N passed, N failed[, N skipped]". Exits non-zero if anything failed.
// Extra arguments (npm test -- src/web) narrow the unit and integration run to those files.
// Browser tests need Debian's /usr/bin/chromium: without it they are skipped with a loud warning, except
// in CI (CI=true), where a missing browser is a failure.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(path.dirname(new URL(import.meta.url).pathname), '..');
process.chdir(root);
const bin = (name) => path.join(root, 'node_modules', '.bin', name);
const reportDir = fs.mkdtempSync(path.join(os.tmpdir(), 'zhili-test-'));
const chromium = process.env.ZHILI_CHROMIUM ?? '/usr/bin/chromium';
const ci = process.env.CI === 'true';

const totals = { passed: 0, failed: 0, skipped: 0 };
const problems = [];
const notes = [];

function run(title, cmd, args) {
  console.log(`\n▶ ${title}: ${[path.relative(root, cmd), ...args].join(' ')}`);
  const started = Date.now();
  const r = spawnSync(cmd, args, { stdio: 'inherit', env: process.env });
  const secs = ((Date.now() - started) / 1000).toFixed(1);
  if (r.error) console.error(r.error);
  const ok = r.status === 0;
  console.log(`${ok ? '✔' : '✘'} ${title} (${secs}s)`);
  return ok;
}

/** Adds a vitest JSON report to the totals; a missing or broken report counts as a failed step. */
function tally(title, file) {
  let report;
  try {
    report = JSON.parse(fs.readFileSync(file, 'utf8'));
  } catch {
    problems.push(`${title}: no test report (the run crashed?)`);
    return;
  }
  totals.passed += report.numPassedTests ?? 0;
  totals.failed += report.numFailedTests ?? 0;
  totals.skipped += (report.numPendingTests ?? 0) + (report.numTodoTests ?? 0);
  // Files that failed to load (syntax errors, a throwing beforeAll) have no failed tests but fail the run.
  const brokenFiles = (report.testResults ?? []).filter((f) => f.status === 'failed' && (f.assertionResults ?? []).every((a) => a.status !== 'failed'));
  for (const f of brokenFiles) problems.push(`${title}: ${path.relative(root, f.name)} failed to run: ${String(f.message ?? '').split('\n')[0]}`);
}

function vitest(title, extraArgs) {
  const out = path.join(reportDir, `${title.replace(/\W+/g, '-')}.json`);
  const ok = run(title, bin('vitest'), ['run', ...extraArgs, '--reporter=default', '--reporter=json', `--outputFile=${out}`]);
  const failedBefore = totals.failed;
  const problemsBefore = problems.length;
  tally(title, out);
  // A non-zero exit with no failed test and no known cause (e.g. an unhandled error) still fails the run.
  if (!ok && totals.failed === failedBefore && problems.length === problemsBefore) problems.push(`${title}: vitest exited with an error`);
}

// 1. Types.
if (!run('type check', bin('tsc'), ['-p', 'tsconfig.json', '--noEmit'])) problems.push('type check failed');

// 2. Unit and integration tests (PGlite, and PostgreSQL when TEST_DATABASE_URL is set).
if (!process.env.TEST_DATABASE_URL) console.log('\n(TEST_DATABASE_URL is not set: database tests run on PGlite only)');
vitest('unit and integration tests', process.argv.slice(2));

// 3. The web bundle the browser tests load.
const built = run('web build', bin('vite'), ['build', '--config', 'vite.config.ts', '--logLevel', 'warn']);
if (!built) problems.push('web build failed');

// 4. Browser tests.
if (!fs.existsSync(chromium)) {
  const banner = '!'.repeat(78);
  if (ci) {
    problems.push(`browser tests: ${chromium} is missing (CI=true): install it with apt-get install -y chromium`);
    console.error(`\n${banner}\n  ${chromium} is missing and CI=true: browser tests cannot run — FAILING.\n${banner}`);
  } else {
    console.warn(`\n${banner}\n  WARNING: ${chromium} is missing — browser tests SKIPPED.\n  Install it with: sudo apt-get install -y chromium fonts-noto-cjk\n${banner}`);
    notes.push(`browser tests SKIPPED: ${chromium} is missing`);
  }
} else if (built) {
  vitest('browser tests', ['-c', 'vitest.e2e.config.ts']);
} else {
  problems.push('browser tests: not run (no web bundle)');
}

fs.rmSync(reportDir, { recursive: true, force: true });
console.log('');
for (const n of notes) console.log(`⚠ ${n}`);
for (const p of problems) console.log(`✘ ${p}`);
console.log(`${totals.passed} passed, ${totals.failed} failed${totals.skipped ? `, ${totals.skipped} skipped` : ''}`);
process.exit(totals.failed > 0 || problems.length > 0 ? 1 : 0);
