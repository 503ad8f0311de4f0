// Test fixture: real IMAP listeners (143 with STARTTLS, 993) on loopback ports over the real services in a
// temporary data folder, on the backend under test (test-support/test-database.ts), built through main.ts
// as in production. A domain and two accounts with passwords and their default mailboxes are ready, and a
// raw client that speaks lines for transcript-style tests.

import { mkdtemp, rm } from 'node:fs/promises';
import { connect, type Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { TestContext } from 'node:test';
import { silentLogger } from '#core/log';
import { createMetricsRegistry } from '#core/metrics';
import { CORE_SETTINGS } from '#core/settings';
import { openServices, readConfig, type Services } from '../../main.ts';
import { testCertificate } from '../../test-support/test-certificate.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import type { ImapSettings } from './imap-context.ts';
import type { ImapListener } from './imap-listener.ts';
import { registerImapMetrics } from './imap-metrics.ts';
import { createImapService } from './imap-service.ts';
import { IMAP_SETTINGS } from './settings.ts';

export const DOMAIN = 'ac-test.fr';
export const PAUL = { email: 'paul@ac-test.fr', password: 'Cheval-Batterie-Agrafe-42' };
export const MARIE = { email: 'marie@ac-test.fr', password: 'Lampe-Horizon-Cerise-77' };

export interface ImapFixture {
  readonly services: Services;
  /** 143-style listener (STARTTLS) and 993-style (implicit TLS), on loopback. */
  readonly ports: { readonly imap: number; readonly imaps: number };
  readonly accounts: { readonly paul: string; readonly marie: string };
  /** The test certificate, for clients that verify it. */
  readonly certificate: string;
  /** Store a message for `email` in the mailbox of `role` (through the mail service, as delivery does). */
  deliver(
    email: 'paul' | 'marie',
    raw: string,
    options?: { role?: string; keywords?: string[] },
  ): Promise<void>;
  /** A raw connection to the plain listener that reads and writes lines. */
  connectRaw(): Promise<RawImapClient>;
}

export async function openImapFixture(
  t: TestContext,
  options: { readonly env?: Record<string, string>; readonly settings?: Partial<ImapSettings> } = {},
): Promise<ImapFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-imap-'));
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'imap.ac-test.fr',
    ...testDatabase.env,
    ...options.env,
  });
  const log = silentLogger();
  const services = await openServices(config, log);
  const listeners: ImapListener[] = [];
  const clients: RawImapClient[] = [];
  t.after(async () => {
    for (const client of clients) client.destroy();
    await Promise.all(listeners.map((listener) => listener.close(1000)));
    service.close();
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });

  await services.identity.addDomain(DOMAIN);
  const paul = await services.identity.createAccount({
    email: PAUL.email,
    displayName: 'Paul Durand',
    password: PAUL.password,
  });
  const marie = await services.identity.createAccount({
    email: MARIE.email,
    displayName: 'Marie Curie',
    password: MARIE.password,
  });
  for (const account of [paul, marie]) await services.mail.ensureDefaultMailboxes(account.id);

  const pair = await testCertificate();
  const context = createSecureContext({ cert: pair.certificate, key: pair.privateKey });
  const service = createImapService({
    log,
    clock: services.clock,
    hostname: config.get(CORE_SETTINGS).hostname,
    settings: { ...config.get(IMAP_SETTINGS), ...options.settings },
    mail: services.mail,
    identity: services.identity,
    throttle: services.loginThrottle,
    events: services.events,
    metrics: registerImapMetrics(createMetricsRegistry()),
    maxMessageBytes: 10 * 1024 * 1024,
  });
  const tls = {
    current: () => context,
    sniCallback: (_name: string, callback: (error: Error | null, secure?: SecureContext) => void) =>
      callback(null, context),
  };
  const make = async (kind: 'imap' | 'imaps') => {
    const listener = service.createListener(kind, { host: '127.0.0.1', port: 0 }, tls);
    await listener.listen();
    listeners.push(listener);
    return listener;
  };
  const imap = await make('imap');
  const imaps = await make('imaps');
  const ids = { paul: paul.id, marie: marie.id };
  return {
    services,
    ports: { imap: imap.port(), imaps: imaps.port() },
    accounts: ids,
    certificate: pair.certificate,
    async deliver(who, raw, deliverOptions = {}) {
      await services.mail.importMessage(ids[who], Buffer.from(raw.replace(/\r?\n/g, '\r\n')), {
        mailboxRole: (deliverOptions.role ?? 'inbox') as 'inbox',
        keywords: deliverOptions.keywords,
      });
    },
    async connectRaw() {
      const client = await RawImapClient.connect(imap.port());
      clients.push(client);
      return client;
    },
  };
}

/**
 * Bounded waits: a test that expects a line that never comes fails instead of hanging. The wait is per line
 * (a long FETCH on a loaded machine keeps sending), with a cap on the whole reply.
 */
const LINE_WAIT_MS = 10_000;
const REPLY_WAIT_MS = 180_000;

/** Lines in, lines out, over a plain socket: for transcripts and protocol-level tests. */
export class RawImapClient {
  readonly #socket: Socket;
  #buffer = '';
  #waiters: (() => void)[] = [];

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      this.#buffer += chunk;
      for (const waiter of this.#waiters.splice(0)) waiter();
    });
  }

  static async connect(port: number): Promise<RawImapClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new RawImapClient(socket);
  }

  write(text: string): void {
    this.#socket.write(text);
  }

  /** Send `tag command` and collect lines up to the tagged reply (included). */
  async command(tag: string, command: string): Promise<string[]> {
    this.write(`${tag} ${command}\r\n`);
    return this.readUntil((line) => line.startsWith(`${tag} `));
  }

  /** Lines until one matches (included). */
  async readUntil(isLast: (line: string) => boolean): Promise<string[]> {
    const lines: string[] = [];
    const replyDeadline = Date.now() + REPLY_WAIT_MS;
    let lineDeadline = Date.now() + LINE_WAIT_MS;
    for (;;) {
      const at = this.#buffer.indexOf('\r\n');
      if (at >= 0) {
        const line = this.#buffer.slice(0, at);
        this.#buffer = this.#buffer.slice(at + 2);
        lines.push(line);
        if (isLast(line)) return lines;
        lineDeadline = Date.now() + LINE_WAIT_MS;
        continue;
      }
      const left = Math.min(lineDeadline, replyDeadline) - Date.now();
      if (left <= 0) {
        const last = JSON.stringify(lines.slice(-5));
        throw new Error(`no matching line in time (${lines.length} lines so far, last ${last})`);
      }
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  destroy(): void {
    this.#socket.destroy();
  }
}
