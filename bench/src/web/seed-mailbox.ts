// The data folder bench/web measures: one account whose INBOX holds N of bench/imap's messages (with replies,
// so the list has threads, as in bench/jmap), loaded by `vercors mail import --mbox`: the fastest supported way
// in, batches of 500 in one transaction each with a single durable commit at the end, where an IMAP APPEND is
// one durable transaction per message. The folder is kept and reused: a marker written once the import has
// finished says how many messages it holds, so a second run with the same count starts at once. A folder this
// module did not make is never touched; one it began and did not finish (an interrupted run) is made again.

import { spawn } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { once } from 'node:events';
import { performance } from 'node:perf_hooks';
import { VERCORS_CLI } from '@vercors/e2e/src/vercors-server.ts';
import { vercorsCli } from '@vercors/e2e/src/smtp-server-setup.ts';
import { benchMessageStream } from '../imap-bench-mail.ts';
import { prepareBenchData } from '../vercors-bench-server.ts';

export const WEB_BENCH_DOMAIN = 'ac-test.fr';
export const WEB_BENCH_USER = `bench@${WEB_BENCH_DOMAIN}`;

/** Bumped whenever the seed's content changes, so an older cached folder is not taken for a current one. */
const SEED_VERSION = 1;
const DONE_MARKER = 'web-bench-seed.json';
/** Written first: a folder holding it but not DONE_MARKER is an interrupted seed of ours. */
const STARTED_MARKER = 'web-bench-seeding.json';
/** Progress of the import relayed at most this often. */
const PROGRESS_EVERY_MS = 15_000;

export interface Seed {
  readonly messages: number;
  /** Seconds the seeding took when it was made (0 parts when reused: see `isReused`). */
  readonly generateSeconds: number;
  readonly importSeconds: number;
  readonly isReused: boolean;
  readonly createdAt: string;
}

interface DoneMarker extends Omit<Seed, 'isReused'> {
  readonly version: number;
}

/** `dataDir` seeded with `messages` messages: the cached seed when it holds that many, else a new one. */
export async function ensureSeed(dataDir: string, messages: number): Promise<Seed> {
  const done = await readMarker(dataDir);
  if (done !== undefined) {
    if (done.version === SEED_VERSION && done.messages === messages) return { ...done, isReused: true };
    throw new Error(
      `${dataDir} holds a bench:web seed of ${done.messages} messages (seed version ${done.version}), not ${messages} (version ${SEED_VERSION}): pass another --data, or remove that folder`,
    );
  }
  const entries = await readdir(dataDir).catch(() => [] as string[]);
  if (entries.length > 0 && !entries.includes(STARTED_MARKER))
    throw new Error(`${dataDir} is not empty and is not a bench:web seed: pass another --data`);
  if (entries.length > 0) {
    console.log(`  ${dataDir} holds an interrupted seed: making it again`);
    await rm(dataDir, { recursive: true, force: true });
  }
  await mkdir(dataDir, { recursive: true });
  await writeFile(join(dataDir, STARTED_MARKER), JSON.stringify({ version: SEED_VERSION, messages }));

  await prepareBenchData(dataDir, WEB_BENCH_DOMAIN, [WEB_BENCH_USER]);
  // The staff room's network: the password is enough here, no second factor (as in the browser tests).
  await vercorsCli(dataDir, ['policy', 'network', 'add', '127.0.0.1/32', '--label', 'Banc de mesure']);

  const scratch = await mkdtemp(join(tmpdir(), 'vercors-web-bench-mbox-'));
  try {
    const generated = performance.now();
    await writeMbox(join(scratch, 'INBOX'), messages);
    const generateSeconds = (performance.now() - generated) / 1000;
    const imported = performance.now();
    const count = await importMbox(dataDir, scratch, messages);
    const importSeconds = (performance.now() - imported) / 1000;
    if (count !== messages) throw new Error(`the import stored ${count} messages of ${messages}`);
    const marker: DoneMarker = {
      version: SEED_VERSION,
      messages,
      generateSeconds,
      importSeconds,
      createdAt: new Date().toISOString(),
    };
    await writeFile(join(dataDir, DONE_MARKER), `${JSON.stringify(marker, null, 2)}\n`);
    await rm(join(dataDir, STARTED_MARKER));
    return { ...marker, isReused: false };
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

async function readMarker(dataDir: string): Promise<DoneMarker | undefined> {
  let text: string;
  try {
    text = await readFile(join(dataDir, DONE_MARKER), 'utf8');
  } catch {
    return undefined;
  }
  const parsed = JSON.parse(text) as Partial<DoneMarker>;
  if (typeof parsed.messages !== 'number' || typeof parsed.version !== 'number')
    throw new Error(`${join(dataDir, DONE_MARKER)} is not a bench:web seed marker`);
  return parsed as DoneMarker;
}

/** bench/imap's messages (with replies) as one mboxrd file, streamed: 100,000 of them are about 1 GB. */
async function writeMbox(path: string, count: number): Promise<void> {
  const out = createWriteStream(path);
  let lastSaid = performance.now();
  let written = 0;
  try {
    for (const message of benchMessageStream(count, { hasReplies: true })) {
      const text = message.raw.toString('latin1');
      // mboxrd: a body line that starts with ">…>From " gains one more ">" (the importer takes it off).
      const escaped = text.replace(/^(>*From )/gm, '>$1');
      const chunk = `From bench@ac-test.fr ${asctime(new Date(message.receivedAt))}\n${escaped}\n`;
      if (!out.write(Buffer.from(chunk, 'latin1'))) await once(out, 'drain');
      written += 1;
      if (performance.now() - lastSaid > PROGRESS_EVERY_MS) {
        lastSaid = performance.now();
        console.log(`  generating the mbox: ${written} of ${count} messages`);
      }
    }
  } finally {
    out.end();
    await once(out, 'close');
  }
}

const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/** The `From ` line's date (RFC 4155, UTC): `Mon Jan  5 07:30:00 2026`. */
function asctime(date: Date): string {
  const two = (n: number) => String(n).padStart(2, '0');
  return `${WEEKDAYS[date.getUTCDay()]} ${MONTHS[date.getUTCMonth()]} ${String(date.getUTCDate()).padStart(2, ' ')} ${two(date.getUTCHours())}:${two(date.getUTCMinutes())}:${two(date.getUTCSeconds())} ${date.getUTCFullYear()}`;
}

/**
 * `vercors mail import` of the mbox folder into the bench account; the number of messages it stored. Bounded:
 * killed (by its pid) after 10 minutes or 25 ms a message, whichever is longer (100,000: 42 minutes, about four
 * times the import's rate on a loaded 2-core VM).
 */
async function importMbox(dataDir: string, mboxFolder: string, count: number): Promise<number> {
  const capMs = Math.max(600_000, count * 25);
  const child = spawn(
    process.execPath,
    [VERCORS_CLI, 'mail', 'import', WEB_BENCH_USER, '--mbox', mboxFolder, '--json'],
    {
      env: { PATH: process.env.PATH ?? '', VERCORS_DATA: dataDir, VERCORS_LOCALE: 'en' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderrTail = '';
  let lastSaid = performance.now();
  child.stdout.on('data', (chunk: Buffer) => {
    if (stdout.length < 10_000_000) stdout += chunk.toString();
  });
  child.stderr.on('data', (chunk: Buffer) => {
    stderrTail = (stderrTail + chunk.toString()).slice(-4000);
    if (performance.now() - lastSaid > PROGRESS_EVERY_MS) {
      lastSaid = performance.now();
      const line = stderrTail.trimEnd().split('\n').at(-1) ?? '';
      console.log(`  importing: ${line}`);
    }
  });
  const timer = setTimeout(() => child.kill('SIGKILL'), capMs);
  const [code, signal] = (await once(child, 'exit')) as [number | null, NodeJS.Signals | null];
  clearTimeout(timer);
  if (code !== 0)
    throw new Error(
      `vercors mail import ${signal === 'SIGKILL' ? `was stopped after ${capMs / 1000} s` : `exited ${code}`}:\n${stderrTail}`,
    );
  const summary = JSON.parse(stdout.slice(stdout.indexOf('{'))) as { totals?: { imported?: number } };
  return summary.totals?.imported ?? 0;
}
