// The CardDAV servers the end-to-end tests drive with real clients: `vercors serve` with its HTTP listener,
// and Radicale (Debian), the reference, on a throwaway config, storage and htpasswd in a temp folder with
// owner-only rights extended so litmus may create collections under the user's home (PEERS.md). Both on
// 127.0.0.1; each is stopped by its own PID.

import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { freeLoopbackPort, waitForHttp } from './loopback.ts';
import { vercorsCli } from './smtp-server-setup.ts';
import { ALL_LISTENERS_OFF, startVercors, within, type VercorsProcess } from './vercors-server.ts';

export const RADICALE = '/usr/bin/radicale';

/** One CardDAV server as the tests see it: where the home and the test book are, and how to log in. */
export interface CardDavServer {
  readonly name: 'vercors' | 'radicale';
  readonly origin: string;
  /** The user's home collection URL (trailing slash). */
  readonly homeUrl: string;
  /** The address book the sync tests use (trailing slash). */
  readonly bookUrl: string;
  readonly username: string;
  readonly password: string;
  stop(): Promise<void>;
}

export function basic(server: CardDavServer): string {
  return `Basic ${Buffer.from(`${server.username}:${server.password}`).toString('base64')}`;
}

/** A request to `url` as the server's user, bounded in time. */
export async function davRequest(
  server: CardDavServer,
  method: string,
  url: string,
  options: { body?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; text: string; etag: string | null }> {
  const response = await fetch(url, {
    method,
    headers: { Authorization: basic(server), ...options.headers },
    ...(options.body !== undefined && { body: options.body }),
    signal: AbortSignal.timeout(15_000),
  });
  return { status: response.status, text: await response.text(), etag: response.headers.get('etag') };
}

export const LUCIE = { email: 'lucie@ac-test.fr', password: 'Ardoise-Corde-Vanille-17' };

export async function startVercorsDav(root: string): Promise<CardDavServer> {
  const dataDir = join(root, 'vercors-data');
  await vercorsCli(dataDir, ['domain', 'add', 'ac-test.fr']);
  await vercorsCli(
    dataDir,
    ['user', 'add', LUCIE.email, '--name', 'Lucie Aubrac', '--password-stdin'],
    `${LUCIE.password}\n${LUCIE.password}\n`,
  );
  const port = await freeLoopbackPort();
  const server: VercorsProcess = startVercors(['serve', '--workers', '1'], {
    env: {
      ...ALL_LISTENERS_OFF,
      VERCORS_DATA: dataDir,
      VERCORS_LOCALE: 'en',
      VERCORS_HOSTNAME: 'dav.ac-test.fr',
      VERCORS_LISTEN_HTTP: `127.0.0.1:${port}`,
    },
  });
  const origin = `http://127.0.0.1:${port}`;
  try {
    await server.waitForOutput(/Vercors is ready/, 90_000);
    assert.equal((await waitForHttp(`${origin}/health`, 30_000)).status, 200);
  } catch (error) {
    server.kill();
    throw new Error(`${(error as Error).message}\n${server.stdout()}\n${server.stderr()}`);
  }
  const homeUrl = `${origin}/dav/addressbooks/${LUCIE.email}/`;
  return {
    name: 'vercors',
    origin,
    homeUrl,
    bookUrl: `${homeUrl}contacts/`,
    username: LUCIE.email,
    password: LUCIE.password,
    async stop() {
      server.child.kill('SIGTERM');
      await within(server.exited, 10_000, 'vercors exit').catch(() => server.kill());
    },
  };
}

export async function startRadicale(root: string): Promise<CardDavServer> {
  const dir = join(root, 'radicale');
  await mkdir(join(dir, 'collections'), { recursive: true });
  const port = await freeLoopbackPort();
  await writeFile(join(dir, 'users'), 'lucie:Radis-Tulipe-Ocre-44\n');
  await writeFile(
    join(dir, 'rights'),
    [
      '[owner]',
      'user: .+',
      'collection: {user}(/.*)?',
      'permissions: RrWw',
      '',
      '[root]',
      'user: .+',
      'collection:',
      'permissions: R',
      '',
    ].join('\n'),
  );
  await writeFile(
    join(dir, 'config'),
    [
      '[server]',
      `hosts = 127.0.0.1:${port}`,
      '[auth]',
      'type = htpasswd',
      `htpasswd_filename = ${join(dir, 'users')}`,
      'htpasswd_encryption = plain',
      '[rights]',
      'type = from_file',
      `file = ${join(dir, 'rights')}`,
      '[storage]',
      `filesystem_folder = ${join(dir, 'collections')}`,
      '[logging]',
      'level = warning',
      '',
    ].join('\n'),
  );
  const child: ChildProcess = spawn(RADICALE, ['--config', join(dir, 'config')], {
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, LANG: 'C.UTF-8' },
  });
  let log = '';
  child.stderr?.on('data', (chunk: Buffer) => (log = (log + chunk.toString()).slice(-8000)));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const origin = `http://127.0.0.1:${port}`;
  const up = await waitForHttp(`${origin}/.web/`, 30_000);
  if (up.status !== 200) {
    child.kill('SIGKILL');
    throw new Error(`radicale did not start:\n${log}`);
  }
  const server: CardDavServer = {
    name: 'radicale',
    origin,
    homeUrl: `${origin}/lucie/`,
    bookUrl: `${origin}/lucie/contacts/`,
    username: 'lucie',
    password: 'Radis-Tulipe-Ocre-44',
    async stop() {
      child.kill('SIGTERM');
      await within(exited, 10_000, 'radicale exit').catch(() => child.kill('SIGKILL'));
    },
  };
  // Radicale has no default book: make the one the tests sync, as a client would (extended MKCOL).
  const made = await davRequest(server, 'MKCOL', server.bookUrl, {
    headers: { 'Content-Type': 'application/xml' },
    body: `<?xml version="1.0"?><d:mkcol xmlns:d="DAV:" xmlns:c="urn:ietf:params:xml:ns:carddav"><d:set><d:prop>
      <d:resourcetype><d:collection/><c:addressbook/></d:resourcetype><d:displayname>Contacts</d:displayname>
      </d:prop></d:set></d:mkcol>`,
  });
  assert.equal(made.status, 201, `radicale MKCOL: ${made.text}`);
  return server;
}
