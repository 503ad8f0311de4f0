// `npm test`: every test of every workspace, against SQLite and PostgreSQL. Starts a throwaway PostgreSQL
// when its binaries are installed and no VERCORS_TEST_POSTGRES_URL is given; says loudly what it skips.
// With VERCORS_TEST_STRICT=1 the tests that would skip fail instead (.ci/run sets it).

import { spawn, spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import {
  findPostgresBinaries,
  startThrowawayPostgres,
  type ThrowawayPostgres,
} from './throwaway-postgres.ts';

const ROOT = join(import.meta.dirname, '..');
const WORKSPACES = ['contract', 'server', 'web', 'e2e'];
const isStrict = process.env.VERCORS_TEST_STRICT === '1';

function findTests(dir: string, depth = 0): string[] {
  if (depth > 20) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    if (entry.name === 'node_modules' || entry.name.startsWith('.')) return [];
    const full = join(dir, entry.name);
    if (entry.isDirectory()) return findTests(full, depth + 1);
    return entry.name.endsWith('.test.ts') ? [relative(ROOT, full)] : [];
  });
}

const filter = process.argv.slice(2);
const files = WORKSPACES.flatMap((w) => findTests(join(ROOT, w))).filter(
  (f) => filter.length === 0 || filter.some((part) => f.includes(part)),
);

let postgres: ThrowawayPostgres | undefined;
const env = { ...process.env };
if (!env.VERCORS_TEST_POSTGRES_URL) {
  const binaries = findPostgresBinaries();
  if (binaries) {
    postgres = await startThrowawayPostgres(binaries);
    env.VERCORS_TEST_POSTGRES_URL = postgres.url;
    console.log(`PostgreSQL: throwaway cluster from ${binaries} at ${postgres.url}`);
  } else {
    const banner = '='.repeat(78);
    console.log(
      `${banner}\nSKIPPING every PostgreSQL test: no PostgreSQL binaries (initdb) found and VERCORS_TEST_POSTGRES_URL\n` +
        `is not set. Install them (apt-get install -y postgresql) or point VERCORS_TEST_POSTGRES_URL at a server.\n` +
        `${isStrict ? 'VERCORS_TEST_STRICT=1: those tests will FAIL.' : 'Set VERCORS_TEST_STRICT=1 to make this a failure.'}\n${banner}`,
    );
  }
} else {
  console.log(`PostgreSQL: using VERCORS_TEST_POSTGRES_URL`);
}

const stop = () => postgres?.stop();
process.on('SIGINT', () => {
  stop();
  process.exit(130);
});

interface PassResult {
  readonly code: number;
  readonly passed: number;
  readonly failed: number;
}

/** Run node's test runner on `testFiles`, echoing its report and reading its closing counts. */
async function runPass(testFiles: readonly string[], passEnv: NodeJS.ProcessEnv): Promise<PassResult> {
  const child = spawn(
    process.execPath,
    ['--test', '--test-reporter=spec', '--test-concurrency=2', '--test-timeout=300000', ...testFiles],
    { cwd: ROOT, env: passEnv, stdio: ['ignore', 'pipe', 'inherit'] },
  );
  let tail = '';
  child.stdout.on('data', (chunk: Buffer) => {
    process.stdout.write(chunk);
    tail = (tail + chunk.toString('utf8')).slice(-4096);
  });
  const code: number = await new Promise((resolve) =>
    child.on('exit', (status, signal) => resolve(status ?? (signal ? 1 : 0))),
  );
  const count = (label: string) => Number(new RegExp(`ℹ ${label} (\\d+)`).exec(tail)?.[1] ?? 0);
  return { code, passed: count('pass'), failed: count('fail') };
}

// The web app's build first: its end-to-end tests load it from web/dist/ through a real server (ADR 0008).
const build = spawnSync(
  process.execPath,
  [join(ROOT, 'node_modules/vite/bin/vite.js'), 'build', '--logLevel', 'warn'],
  {
    cwd: join(ROOT, 'web'),
    stdio: 'inherit',
  },
);
if (build.status !== 0) {
  console.log('the web app did not build (above): not running the tests');
  stop();
  process.exit(1);
}

// Pass 1: everything, on SQLite (and the store's own PostgreSQL suites).
const results = [await runPass(files, env)];

// Pass 2: the tests that build services through fixtures, again on PostgreSQL (test-support/test-database.ts).
const SECOND_BACKEND_FOLDERS = [
  'server/src/domain/',
  'server/src/demo/',
  'server/src/cli/',
  'server/src/protocols/smtp/',
  // IMAP never touches the store itself (its domain calls are tested on both backends above): its
  // transcripts and the search integration run on PostgreSQL too, as a check of the whole path.
  'server/src/protocols/imap/imap-transcripts',
  'server/src/protocols/imap/search/search-integration',
  'server/src/jobs/',
];
const backendFiles = files.filter((f) => SECOND_BACKEND_FOLDERS.some((folder) => f.startsWith(folder)));
if (backendFiles.length > 0 && env.VERCORS_TEST_POSTGRES_URL) {
  console.log(`\n=== The same ${backendFiles.length} domain, demo and CLI test files on PostgreSQL ===\n`);
  results.push(await runPass(backendFiles, { ...env, VERCORS_TEST_BACKEND: 'postgres' }));
} else if (backendFiles.length > 0) {
  console.log('SKIPPED: the domain, demo and CLI tests on PostgreSQL (no PostgreSQL available).');
  if (isStrict) results.push({ code: 1, passed: 0, failed: 1 });
}
stop();

const passed = results.reduce((sum, r) => sum + r.passed, 0);
const failed = results.reduce((sum, r) => sum + r.failed, 0);
console.log(`\ntotal: ${passed} passed, ${failed} failed`);
process.exitCode = results.some((r) => r.code !== 0) ? 1 : 0;
