// Test fixture: real SMTP listeners (MX, 587, 465) on loopback ports over the real services in a temporary
// data folder, on the backend under test (test-support/test-database.ts), built through main.ts as production.
// A domain, two accounts (one with an alias and a password) and their default mailboxes are ready.

import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';
import type { TestContext } from 'node:test';
import { silentLogger } from '#core/log';
import { createMetricsRegistry, type MetricsRegistry } from '#core/metrics';
import { CORE_SETTINGS } from '#core/settings';
import { offlineDnsResolver, type DnsResolver } from '#domain/delivery';
import { openServices, readConfig, type Services } from '../../main.ts';
import { testCertificate } from '../../test-support/test-certificate.ts';
import { openTestDatabase } from '../../test-support/test-database.ts';
import { SMTP_SETTINGS } from './settings.ts';
import type { ListenerKind } from './inbound/session-state.ts';
import type { SmtpSettings } from './inbound/smtp-context.ts';
import { createSmtpService } from './smtp-service.ts';
import type { SmtpListener } from './smtp-listener.ts';
import { registerSmtpMetrics } from './smtp-metrics.ts';

export const DOMAIN = 'ac-test.fr';
export const PAUL = {
  email: 'paul@ac-test.fr',
  alias: 'p.durand@ac-test.fr',
  password: 'Cheval-Batterie-Agrafe-42',
};
export const MARIE = { email: 'marie@ac-test.fr' };

export interface SmtpFixture {
  readonly services: Services;
  readonly registry: MetricsRegistry;
  readonly ports: Readonly<Record<ListenerKind, number>>;
  readonly listeners: Readonly<Record<ListenerKind, SmtpListener>>;
  readonly accounts: { readonly paul: string; readonly marie: string };
  /** Another listener on a free port, with some settings changed (closed with the fixture). */
  extraListener(kind: ListenerKind, settings: Partial<SmtpSettings>): Promise<SmtpListener>;
  /** How many emails the account has in the mailbox of that role. */
  count(email: string, role: 'inbox' | 'sent' | 'junk'): Promise<number>;
}

export async function openSmtpFixture(
  t: TestContext,
  options: { readonly env?: Record<string, string>; readonly resolver?: DnsResolver } = {},
): Promise<SmtpFixture> {
  const testDatabase = await openTestDatabase();
  const dataDir = await mkdtemp(join(tmpdir(), 'vercors-smtp-'));
  const config = readConfig({
    VERCORS_DATA: dataDir,
    VERCORS_HOSTNAME: 'mx.ac-test.fr',
    VERCORS_SMTP_GREETING_DELAY: '0s',
    ...testDatabase.env,
    ...options.env,
  });
  const log = silentLogger();
  const services = await openServices(config, log, undefined, {
    resolver: options.resolver ?? offlineDnsResolver,
  });
  const listenersToClose: SmtpListener[] = [];
  t.after(async () => {
    await Promise.all(listenersToClose.map((listener) => listener.close(1000)));
    await services.close();
    await testDatabase.release();
    await rm(dataDir, { recursive: true, force: true });
  });

  await services.identity.addDomain(DOMAIN);
  const paul = await services.identity.createAccount({
    email: PAUL.email,
    displayName: 'Paul Durand',
    password: PAUL.password,
    aliases: [PAUL.alias],
  });
  const marie = await services.identity.createAccount({ email: MARIE.email, displayName: 'Marie Curie' });
  for (const account of [paul, marie]) await services.mail.ensureDefaultMailboxes(account.id);

  const registry = createMetricsRegistry();
  const pair = await testCertificate();
  const context = createSecureContext({ cert: pair.certificate, key: pair.privateKey });
  const metrics = registerSmtpMetrics(registry);
  const serviceWith = (settings: Partial<SmtpSettings>) =>
    createSmtpService({
      log,
      clock: services.clock,
      hostname: config.get(CORE_SETTINGS).hostname,
      settings: { ...config.get(SMTP_SETTINGS), ...settings },
      pipeline: services.inbound,
      queue: services.outbound,
      identity: services.identity,
      metrics,
    });
  const service = serviceWith({});
  const tls = {
    certificate: pair.certificate,
    privateKey: pair.privateKey,
    current: () => context,
    sniCallback: (_name: string, callback: (error: Error | null, secure?: SecureContext) => void) =>
      callback(null, context),
  };
  const make = async (kind: ListenerKind, settings: Partial<SmtpSettings> = {}) => {
    const maker = Object.keys(settings).length === 0 ? service : serviceWith(settings);
    const listener = maker.createListener(kind, { host: '127.0.0.1', port: 0 }, tls);
    await listener.listen();
    listenersToClose.push(listener);
    return listener;
  };
  const listeners = {
    smtp: await make('smtp'),
    submission: await make('submission'),
    submissions: await make('submissions'),
  };
  return {
    services,
    registry,
    listeners,
    ports: {
      smtp: listeners.smtp.port(),
      submission: listeners.submission.port(),
      submissions: listeners.submissions.port(),
    },
    accounts: { paul: paul.id, marie: marie.id },
    extraListener: (kind, settings) => make(kind, settings),
    async count(email, role) {
      const account = await services.identity.findAccount(email);
      if (!account) throw new Error(`no account ${email}`);
      const mailboxes = await services.mail.listMailboxes(account.id);
      return mailboxes.find((mailbox) => mailbox.role === role)?.totalEmails ?? 0;
    },
  };
}
