// The académie a browser test runs against, described instead of typed out command by command: its
// accounts on ac-test.fr (all with one password, a role where one matters), whether 127.0.0.1 (where
// Chromium connects from) is the staff room's trusted network, and the mail each inbox starts with.
// `browserAcademy` makes a temporary folder, then registers the test file's `before` hook (the `vercors`
// commands an administrator would type, then `vercors serve` and Chromium, browser-server.ts) and its `after`
// hook (both stopped, the folder removed). A file's own set-up goes in `beforeServe` or `afterServe`, not in
// a `before` of its own: node:test starts a file's top-level `before` hooks without waiting for each other.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before } from 'node:test';
import type { Browser } from 'playwright-core';
import { type BrowserServer, type BrowserServerOptions, startBrowserServer } from './browser-server.ts';
import { vercorsCli } from './smtp-server-setup.ts';

/** The CLI calls, the server's start and Chromium's launch, on a busy shared machine. */
const SETUP_TIMEOUT_MS = 120_000;
const LOOPBACK = '127.0.0.1/32';

/** The académie's domain, and the password every account gets (strong enough for the password policy). */
export const DOMAIN = 'ac-test.fr';
export const PASSWORD = 'Tilleul-Boussole-Garance-31';

export interface AcademyDescription {
  /** Names the temporary folder: `vercors-<folder>-…`. */
  readonly folder: string;
  /** Every account: its address and its name, in the order they are added. */
  readonly users: Readonly<Record<string, string>>;
  /** An administrative role (`vercors user add --role`) by address, e.g. helpdesk. */
  readonly roles?: Readonly<Record<string, string>>;
  /** 127.0.0.1 declared the staff room's network before the server starts (see `setLoopbackTrusted`). */
  readonly isLoopbackTrusted: boolean;
  /** Mbox messages (webmail-session.ts `mboxMessage`) imported into an account's inbox, by address. */
  readonly inboxes?: Readonly<Record<string, readonly string[]>>;
  /** More set-up once the accounts and their mail are in, before the server starts (a directory import…). */
  readonly beforeServe?: (academy: BrowserAcademy) => Promise<void>;
  readonly server?: BrowserServerOptions;
  /** More set-up once the server runs, before the tests (an account's second factor set up…). */
  readonly afterServe?: (academy: BrowserAcademy) => Promise<void>;
}

/** The académie's folders at once; the server and its browser from the `before` hook on. */
export interface BrowserAcademy {
  /** The temporary folder, removed at the end; the server's data folder is in it. */
  readonly root: string;
  readonly dataDir: string;
  /** `https://127.0.0.1:PORT` */
  readonly base: string;
  readonly browser: Browser;
  /** IMAPS and submission ports with the server's `mailListeners`, else 0. */
  readonly imapsPort: number;
  readonly submissionsPort: number;
}

/** Trust 127.0.0.1 as an establishment's network, or stop trusting it, as an administrator does. */
export async function setLoopbackTrusted(dataDir: string, isTrusted: boolean): Promise<void> {
  await vercorsCli(
    dataDir,
    isTrusted
      ? ['policy', 'network', 'add', LOOPBACK, '--label', 'Salle des professeurs']
      : ['policy', 'network', 'remove', LOOPBACK],
  );
}

export async function browserAcademy(description: AcademyDescription): Promise<BrowserAcademy> {
  const root = await mkdtemp(join(tmpdir(), `vercors-${description.folder}-`));
  const dataDir = join(root, 'data');
  let served: BrowserServer | undefined;
  const running = (): BrowserServer => {
    if (served === undefined) throw new Error('the académie’s server runs from the before hook on');
    return served;
  };
  const academy: BrowserAcademy = {
    root,
    dataDir,
    get base() {
      return running().base;
    },
    get browser() {
      return running().browser;
    },
    get imapsPort() {
      return running().imapsPort;
    },
    get submissionsPort() {
      return running().submissionsPort;
    },
  };
  before(
    async () => {
      await vercorsCli(dataDir, ['domain', 'add', DOMAIN]);
      for (const [email, name] of Object.entries(description.users)) {
        const role = description.roles?.[email];
        await vercorsCli(
          dataDir,
          [
            'user',
            'add',
            email,
            '--name',
            name,
            ...(role === undefined ? [] : ['--role', role]),
            '--password-stdin',
          ],
          `${PASSWORD}\n${PASSWORD}\n`,
        );
      }
      if (description.isLoopbackTrusted) await setLoopbackTrusted(dataDir, true);
      for (const [email, messages] of Object.entries(description.inboxes ?? {})) {
        const mbox = join(root, `mbox-${email}`);
        await mkdir(mbox);
        await writeFile(join(mbox, 'INBOX'), messages.join(''));
        await vercorsCli(dataDir, ['mail', 'import', email, '--mbox', mbox]);
      }
      await description.beforeServe?.(academy);
      served = await startBrowserServer(dataDir, description.server);
      await description.afterServe?.(academy);
    },
    { timeout: SETUP_TIMEOUT_MS },
  );
  after(async () => {
    await served?.stop();
    await rm(root, { recursive: true, force: true });
  });
  return academy;
}
