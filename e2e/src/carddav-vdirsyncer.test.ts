// Two-way sync with real clients: vdirsyncer (Debian) between a CardDAV address book and a local vdir that
// khard (Debian) reads and writes, against Vercors and against Radicale, the reference, with the same steps:
// a card made on the server appears in khard; one made in khard appears on the server; an edit and a delete
// each way. What khard and the server show after each step must be the same for both servers.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { missingTool, runTool } from './imap-server-setup.ts';
import { findTool } from './smtp-server-setup.ts';
import { davRequest, RADICALE, startRadicale, startVercorsDav, type CardDavServer } from './carddav-peers.ts';

const VDIRSYNCER = '/usr/bin/vdirsyncer';
const KHARD = '/usr/bin/khard';

// Debian tools (.ci/run installs them): skipped with a message when missing, a failure under VERCORS_TEST_STRICT=1.
const skip = !findTool(VDIRSYNCER)
  ? missingTool('vdirsyncer', 'vdirsyncer')
  : !findTool(KHARD)
    ? missingTool('khard', 'khard')
    : !findTool(RADICALE)
      ? missingTool('radicale', 'radicale')
      : false;

const root = await mkdtemp(join(tmpdir(), 'vercors-vdirsyncer-'));
let vercors: CardDavServer | undefined;
let radicale: CardDavServer | undefined;

before(async () => {
  if (skip) return;
  vercors = await startVercorsDav(root);
  radicale = await startRadicale(root);
});

after(async () => {
  await vercors?.stop();
  await radicale?.stop();
  await rm(root, { recursive: true, force: true });
});

function card(uid: string, fn: string, family: string, given: string): string {
  return `BEGIN:VCARD\r\nVERSION:3.0\r\nUID:${uid}\r\nFN:${fn}\r\nN:${family};${given};;;\r\nEMAIL:${uid}@example.org\r\nEND:VCARD\r\n`;
}

/** One client setup (vdirsyncer pair + khard) for one server, in its own folder. */
async function clientFor(server: CardDavServer) {
  const dir = join(root, `client-${server.name}`);
  const vdir = join(dir, 'contacts');
  await mkdir(join(dir, 'status'), { recursive: true });
  await mkdir(vdir, { recursive: true });
  const vdirsyncerConfig = join(dir, 'vdirsyncer.conf');
  await writeFile(
    vdirsyncerConfig,
    [
      '[general]',
      `status_path = "${join(dir, 'status')}/"`,
      '[pair contacts]',
      'a = "local"',
      'b = "remote"',
      'collections = null',
      'conflict_resolution = "b wins"',
      '[storage local]',
      'type = "filesystem"',
      `path = "${vdir}/"`,
      'fileext = ".vcf"',
      '[storage remote]',
      'type = "carddav"',
      `url = "${server.bookUrl}"`,
      `username = "${server.username}"`,
      `password = "${server.password}"`,
      '',
    ].join('\n'),
  );
  const khardConfig = join(dir, 'khard.conf');
  await writeFile(
    khardConfig,
    [
      '[addressbooks]',
      '[[contacts]]',
      `path = ${vdir}/`,
      '[general]',
      'editor = /bin/true',
      'merge_editor = /bin/true',
      '[vcard]',
      'preferred_version = 3.0',
      '',
    ].join('\n'),
  );
  const env = { HOME: dir };
  return {
    async vdirsyncer(...args: string[]) {
      const run = await runTool(VDIRSYNCER, ['-c', vdirsyncerConfig, ...args], { timeoutMs: 60_000, env });
      assert.equal(
        run.code,
        0,
        `vdirsyncer ${args.join(' ')} on ${server.name}:\n${run.stdout}\n${run.stderr}`,
      );
      return run.stdout + run.stderr;
    },
    async khard(args: readonly string[], input = '') {
      const run = await runTool(KHARD, ['-c', khardConfig, ...args], { timeoutMs: 30_000, env, input });
      assert.equal(run.code, 0, `khard ${args.join(' ')} on ${server.name}:\n${run.stdout}\n${run.stderr}`);
      return run.stdout;
    },
    async khardNames(): Promise<string[]> {
      const run = await runTool(KHARD, ['-c', khardConfig, 'list', '-p'], { timeoutMs: 30_000, env });
      // khard exits 1, silently with -p, when the book is empty.
      if (run.code === 1 && run.stdout.trim() === '') return [];
      assert.equal(run.code, 0, `khard list on ${server.name}:\n${run.stdout}\n${run.stderr}`);
      return run.stdout
        .split('\n')
        .filter((line) => line.includes('\t'))
        .map((line) => line.split('\t')[1] ?? '')
        .sort();
    },
  };
}

/** The FN and N of every card on the server, sorted (GET of the book gives the whole book on both). */
async function serverCards(server: CardDavServer): Promise<string[]> {
  const book = await davRequest(server, 'GET', server.bookUrl);
  assert.equal(book.status, 200, `${server.name} GET book`);
  const cards = book.text.split(/END:VCARD\r?\n?/).filter((text) => /BEGIN:VCARD/.test(text));
  return cards
    .map((text) => `${/^FN:(.*)$/m.exec(text)?.[1]?.trim()} / ${/^N:(.*)$/m.exec(text)?.[1]?.trim()}`)
    .sort();
}

/** Run the scenario on one server; returns what each step left on both sides. */
async function scenario(server: CardDavServer): Promise<unknown[]> {
  const client = await clientFor(server);
  const seen: unknown[] = [];
  const step = async (label: string, ...syncOptions: string[]) => {
    await client.vdirsyncer('sync', ...syncOptions);
    seen.push({ label, khard: await client.khardNames(), server: await serverCards(server) });
  };

  // A card made on the server appears in khard
  const made = await davRequest(server, 'PUT', `${server.bookUrl}srv-1.vcf`, {
    headers: { 'Content-Type': 'text/vcard; charset=utf-8', 'If-None-Match': '*' },
    body: card('srv-1', 'Sophie Germain', 'Germain', 'Sophie'),
  });
  assert.equal(made.status, 201, `${server.name}: ${made.text}`);
  await client.vdirsyncer('discover');
  await step('server card synced to khard');

  // A card made in khard appears on the server
  await client.khard(
    ['new', '-a', 'contacts'],
    'First name : Émile\nLast name : Borel\nEmail :\n    work : emile@example.org\n',
  );
  await step('khard card synced to the server');

  // An edit on the server reaches khard
  const current = await davRequest(server, 'GET', `${server.bookUrl}srv-1.vcf`);
  const edited = await davRequest(server, 'PUT', `${server.bookUrl}srv-1.vcf`, {
    headers: { 'Content-Type': 'text/vcard; charset=utf-8', 'If-Match': current.etag ?? '' },
    body: card('srv-1', 'Sophie Germain-Lagrange', 'Germain-Lagrange', 'Sophie'),
  });
  assert.ok(edited.status === 204 || edited.status === 201, `${server.name} edit: ${edited.status}`);
  await step('server edit synced to khard');

  // An edit in khard reaches the server (khard asks for confirmation on stdin)
  const template = join(root, `edit-${server.name}.yaml`);
  await writeFile(
    template,
    'First name : Émile\nLast name : Borel-Picard\nEmail :\n    work : emile@example.org\n',
  );
  await client.khard(['edit', '-i', template, 'Borel'], 'y\n');
  await step('khard edit synced to the server');

  // A delete on the server reaches khard
  // Radicale answers 200, Vercors 204: both mean done (RFC 9110 §9.3.5).
  assert.ok([200, 204].includes((await davRequest(server, 'DELETE', `${server.bookUrl}srv-1.vcf`)).status));
  await step('server delete synced to khard');

  // A delete in khard reaches the server
  await client.khard(['remove', '--force', 'Borel']);
  // The book becomes empty: vdirsyncer wants to be told that this is meant.
  await step('khard delete synced to the server', '--force-delete');
  return seen;
}

test('vdirsyncer and khard sync an address book both ways, as with Radicale', { skip }, async () => {
  assert.ok(vercors && radicale);
  const ours = await scenario(vercors);
  const reference = await scenario(radicale);
  assert.deepEqual(ours, reference);
  // And the scenario did what it says (so a server doing nothing on both sides could not pass).
  assert.deepEqual(ours[0], {
    label: 'server card synced to khard',
    khard: ['Sophie Germain'],
    server: ['Sophie Germain / Germain;Sophie;;;'],
  });
  assert.deepEqual((ours[1] as { khard: string[] }).khard, ['Sophie Germain', 'Émile Borel']);
  assert.deepEqual((ours[2] as { khard: string[] }).khard, ['Sophie Germain-Lagrange', 'Émile Borel']);
  assert.match(JSON.stringify((ours[3] as { server: string[] }).server), /Borel-Picard;Émile/);
  assert.deepEqual((ours[4] as { khard: string[] }).khard, ['Émile Borel-Picard']);
  assert.deepEqual(ours[5], { label: 'khard delete synced to the server', khard: [], server: [] });
});
