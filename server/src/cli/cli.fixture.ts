// Test fixture: run `vercors …` in-process through runCli with fake standard streams and a temporary data
// folder, and collect what it printed and its exit code.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import type { TestContext } from 'node:test';
import type { Clock } from '#core/clock';
import { silentLogger } from '#core/log';
import type { Services } from '../main.ts';
import { openTestDatabase } from '../test-support/test-database.ts';
import { runCli } from './run-cli.ts';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

export interface CliFixture {
  readonly dataDir: string;
  /** Environment every run gets: the data folder, listeners off (tests must not depend on free ports). */
  readonly env: Record<string, string>;
  run(args: readonly string[], options?: { stdin?: string; env?: Record<string, string> }): Promise<CliRun>;
  /** Run with --json and parse standard output. */
  json(
    args: readonly string[],
    options?: { stdin?: string; env?: Record<string, string> },
  ): Promise<{ code: number; value: unknown; stderr: string }>;
  /**
   * Run `work` on services opened on the fixture's data folder, then close them: for what no command does
   * (a web login, a client using an app password), or to write at a chosen time with `clock`.
   */
  withServices<T>(work: (services: Services) => Promise<T>, clock?: Clock): Promise<T>;
}

const LISTENERS_OFF = Object.fromEntries(
  ['HTTP', 'SMTP', 'SUBMISSIONS', 'SUBMISSION', 'IMAP', 'IMAPS', 'MANAGESIEVE'].map((name) => [
    `VERCORS_LISTEN_${name}`,
    '',
  ]),
);

function collect(stream: PassThrough): () => string {
  const chunks: Buffer[] = [];
  stream.on('data', (chunk: Buffer) => chunks.push(chunk));
  return () => Buffer.concat(chunks).toString('utf8');
}

export async function openCliFixture(t: TestContext, locale: 'fr' | 'en' = 'en'): Promise<CliFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-cli-'));
  // Each command opens and closes its own services, so nothing is left open on the database by now.
  t.after(async () => {
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });
  const env = { VERCORS_DATA: dataDir, VERCORS_LOCALE: locale, ...testDatabase.env, ...LISTENERS_OFF };
  const run: CliFixture['run'] = async (args, options = {}) => {
    const stdout = new PassThrough();
    const stderr = new PassThrough();
    const readOut = collect(stdout);
    const readErr = collect(stderr);
    const stdin = Readable.from(options.stdin === undefined ? [] : [Buffer.from(options.stdin)]);
    const code = await runCli(args, { env: { ...env, ...options.env }, stdin, stdout, stderr });
    return { code, stdout: readOut(), stderr: readErr() };
  };
  return {
    dataDir,
    env,
    run,
    async json(args, options) {
      const result = await run([...args, '--json'], options);
      let value: unknown;
      try {
        value = JSON.parse(result.stdout);
      } catch {
        throw new Error(`not JSON (exit ${result.code}): ${result.stdout}\n${result.stderr}`);
      }
      return { code: result.code, value, stderr: result.stderr };
    },
    async withServices(work, clock) {
      // Imported here: most CLI tests need no services of their own.
      const { openServices, readConfig } = await import('../main.ts');
      const services = await openServices(readConfig(env), silentLogger(), clock);
      try {
        return await work(services);
      } finally {
        await services.close();
      }
    },
  };
}
