// Composition root: configuration → store → domain services. The only place (with the runtime and the CLI,
// which call it) that names concrete backends. Read top to bottom: load config, open store, build services.

import cluster from 'node:cluster';
import { mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { systemClock, type Clock } from '#core/clock';
import type { Config } from '#core/config';
import type { Logger } from '#core/log';
import type { MetricsRegistry } from '#core/metrics';
import { CORE_SETTINGS } from '#core/settings';
import { collectGarbage, pruneChangeLog, type BlobStore, type Database, type EventBus } from '#store';
import { createAuditLog, type AuditLog } from '#domain/audit';
import {
  collectingPipeline,
  collectingSubmissions,
  createContactsService,
  type ContactsService,
} from '#domain/contacts';
import {
  createDirectoryService,
  DIRECTORY_SETTINGS,
  readConfiguredSource,
  type DirectoryService,
} from '#domain/directory';
import {
  createIdentityService,
  createLoginThrottle,
  IDENTITY_SETTINGS,
  type IdentityService,
  type LoginThrottle,
} from '#domain/identity';
import {
  createInboundPipeline,
  createQueueService,
  DELIVERY_SETTINGS,
  mailStoreDelivery,
  offlineDnsResolver,
  pruneReceipts,
  QUEUE_SETTINGS,
  startQueueRunner,
  type DeliveryAgent,
  type QueueRunner,
  type QueueRunnerDependencies,
  type DnsResolver,
  type InboundPipeline,
  type OutboundQueue,
  type QueueService,
} from '#domain/delivery';
import { createMailService, type MailService } from '#domain/mail';
import { createMdnService, type MdnService } from '#domain/mdn';
import { createSpellingService, SPELLING_SETTINGS, type SpellingService } from '#domain/spelling';
import { createSubmissionService, type SubmissionService } from '#domain/submission';
import { createVacationResponder, createVacationService, type VacationService } from '#domain/vacation';
import { createPreferencesService, type PreferencesService } from '#domain/preferences';
import { SMTP_SETTINGS } from '#protocols/smtp';
import { createSmtpDeliveryAgent, OUTBOUND_SETTINGS, type MailDns } from '#protocols/smtp/outbound';
import { promises as dns } from 'node:dns';
import {
  collectBlobGarbageJob,
  createJobScheduler,
  JOB_SETTINGS,
  pruneChangeLogJob,
  pruneReceiptsJob,
  pruneSubmissionsJob,
  pruneHelpdeskRecordsJob,
  importDirectoryJob,
  pruneTombstonesJob,
  pruneCardTombstonesJob,
  expireUploadsJob,
  suspendInactiveAccountsJob,
  type Job,
  type JobScheduler,
} from './jobs/index.ts';
import { buildSnapshotInThread } from './runtime/directory-snapshot-builds.ts';
import { openFileBlobStore } from './store/blobs-fs/file-blob-store.ts';
import { keepSmallBlobsInDatabase } from './store/blobs-in-database.ts';
import { createClusterEventBus, createLocalEventBus, createPostgresEventBus } from './store/events/index.ts';
import { openPostgresDatabase } from './store/postgres/postgres-database.ts';
import { openSecretBox } from './store/secrets-key.ts';
import { STORE_SETTINGS } from './store/settings.ts';
import { openSqliteDatabase } from './store/sqlite/sqlite-database.ts';

// The configuration is read in read-config.ts, which processes that need no services import alone.
export { CONFIG_FILE_NAME, readConfig, readConfigFile, SETTINGS_MODULES } from './read-config.ts';

export interface Services {
  readonly config: Config;
  readonly dataDir: string;
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly events: EventBus;
  readonly identity: IdentityService;
  /** The security events (logins, app passwords, sessions, policy changes), for `vercors audit`. */
  readonly audit: AuditLog;
  /** Failed protocol logins of this process (SMTP AUTH, IMAP), shared so every listener counts the same. */
  readonly loginThrottle: LoginThrottle;
  readonly directory: DirectoryService;
  /** Personal address books (CardDAV), collected addresses, vCard import and export. */
  readonly contacts: ContactsService;
  readonly mail: MailService;
  /** The outbound queue and DKIM keys. */
  readonly queue: QueueService;
  /** Inbound delivery: what SMTP (MX, submission) hands messages to. */
  readonly inbound: InboundPipeline;
  /** Submission's way into the outbound queue. */
  readonly outbound: OutboundQueue;
  /** Messages sent through JMAP (EmailSubmission), on the outbound queue. */
  readonly submission: SubmissionService;
  /** Each account's automatic reply while away (JMAP VacationResponse). */
  readonly vacation: VacationService;
  /** Each account's webmail settings (JMAP Preferences); its language and time zone change through identity. */
  readonly preferences: PreferencesService;
  /** Read receipts sent and parsed through JMAP (MDN, RFC 9007), on the outbound queue. */
  readonly mdn: MdnService;
  /** The webmail's French spell check; its thread starts at the first check, never in CLI commands. */
  readonly spelling: SpellingService;
  readonly clock: Clock;
  close(): Promise<void>;
}

/** Open the store (creating and migrating a fresh data folder) and build the domain services on it. */
export async function openServices(
  config: Config,
  log: Logger,
  clock: Clock = systemClock,
  overrides: {
    readonly resolver?: DnsResolver;
    /**
     * A serving worker's WAL checkpoints (SQLite): on a thread of its own (the default for a worker), or left
     * to the one worker of the node that runs that thread.
     */
    readonly walCheckpoints?: 'thread' | 'elsewhere';
  } = {},
): Promise<Services> {
  const core = config.get(CORE_SETTINGS);
  const store = config.get(STORE_SETTINGS);
  const dataDir = resolve(core.data);
  mkdirSync(dataDir, { recursive: true, mode: 0o750 });

  const walCheckpoints = cluster.isWorker ? (overrides.walCheckpoints ?? 'thread') : 'inline';

  // Event bus: PostgreSQL reaches every node; otherwise the cluster primary relays between workers.
  const events = store.databaseUrl
    ? await createPostgresEventBus({ url: store.databaseUrl, log })
    : cluster.isWorker
      ? createClusterEventBus({ log })
      : createLocalEventBus({ log });

  const database = store.databaseUrl
    ? await openPostgresDatabase({ url: store.databaseUrl, bus: events, log, poolSize: store.poolSize })
    : await openSqliteDatabase({
        path: join(dataDir, 'vercors.sqlite'),
        bus: events,
        log,
        busyTimeoutMs: store.busyTimeout,
        // A serving worker keeps checkpoints off its event loop; short commands need no thread.
        checkpoints: walCheckpoints,
        // The worker with the checkpoint thread runs the node's maintenance, search folding included.
        foldsSearchIndex: walCheckpoints === 'thread',
      });
  // Messages up to blobs.in-database-max live in the database, larger content in files (decision 0009).
  const files = await openFileBlobStore({ root: join(dataDir, 'blobs') });
  const blobs = keepSmallBlobsInDatabase(database, files, { maxBytes: store.blobInDatabaseMax });
  const secrets = await openSecretBox({
    path: store.secretsKey === '' ? join(dataDir, 'secrets.key') : resolve(store.secretsKey),
    database,
    clock,
  });

  const mail = createMailService({
    database,
    blobs,
    clock,
    log,
    identitySettings: config.get(IDENTITY_SETTINGS),
  });
  // Every account is created with its default mailboxes, in the same transaction.
  const identity = createIdentityService({
    database,
    clock,
    log,
    settings: config.get(IDENTITY_SETTINGS),
    secrets,
    onAccountsCreated: (tx, accounts) => mail.createDefaultMailboxes(tx, accounts),
  });
  const directory = createDirectoryService({
    database,
    clock,
    log,
    accounts: identity,
    settings: config.get(DIRECTORY_SETTINGS),
    buildSnapshot: (nowMs) => buildSnapshotInThread(database.readerLocation, nowMs),
  });
  const queue = createQueueService({
    database,
    blobs,
    clock,
    log,
    isLocalDomain: async (domain) => (await identity.getDomain(domain)) !== undefined,
  });
  const delivery = config.get(DELIVERY_SETTINGS);
  const isSuspendedReceiving = config.get(IDENTITY_SETTINGS).suspendedAccountsReceiveMail;
  const contacts = createContactsService({ database, clock, log });
  // Both ways of sending share the site's limits (the SMTP submission settings).
  const smtp = config.get(SMTP_SETTINGS);
  const sending = createSubmissionService({
    database,
    clock,
    log,
    mail,
    queue,
    limits: {
      maxMessageBytes: smtp.maxMessageSize,
      maxRecipients: smtp.submissionMaxRecipients,
      messagesPerHour: smtp.messagesPerHour,
      recipientsPerHour: smtp.recipientsPerHour,
    },
  });
  const submission = collectingSubmissions(sending, { contacts, mail, log });
  // Delivery links reports and read receipts to their submission (domain/submission/submission-reports.ts).
  // SMTP submission's Sent copies feed the collected addresses (domain/contacts/collect-on-send.ts).
  const pipeline = createInboundPipeline({
    database,
    directory: identity,
    mail,
    clock,
    log,
    hostname: core.hostname,
    resolver: overrides.resolver ?? (delivery.dns === 'offline' ? offlineDnsResolver : systemDnsResolver),
    maxHops: delivery.maxHops,
    recipientPolicy: { isSuspendedReceiving },
    autoResponder: createVacationResponder({ database, clock, log, queue, hostname: core.hostname }),
    reports: submission.reports,
  });
  const inbound = collectingPipeline(pipeline, { contacts, log });
  const outbound: OutboundQueue = {
    async enqueue(submission) {
      await queue.submit(submission.raw, submission.recipients, {
        sender: submission.mailFrom,
        source: 'submission',
        accountId: submission.accountId,
        dsn: submission.dsn,
      });
    },
  };

  const spelling = createSpellingService({ settings: config.get(SPELLING_SETTINGS), log });

  return {
    config,
    dataDir,
    database,
    blobs,
    events,
    identity,
    audit: createAuditLog({ database, clock }),
    loginThrottle: createLoginThrottle(clock),
    directory,
    contacts,
    mail,
    queue,
    inbound,
    outbound,
    submission,
    vacation: createVacationService({ database, clock, log }),
    preferences: createPreferencesService({ database, clock, log, accounts: identity }),
    mdn: createMdnService({
      database,
      clock,
      log,
      mail,
      queue,
      hostname: core.hostname,
      maxMessageBytes: smtp.maxMessageSize,
    }),
    spelling,
    clock,
    async close() {
      // Automatic replies started by deliveries read and write the store: let them finish first, and the
      // failed logins waiting for the audit log.
      await inbound.settle();
      await identity.settleAudit();
      await directory.close();
      await spelling.close();
      await database.close();
      await events.close();
    },
  };
}

/** mailauth's resolver over the machine's DNS (node:dns answers in the shapes mailauth expects). */
const systemDnsResolver: DnsResolver = async (name, rrtype) => {
  const answer: unknown = await dns.resolve(name, rrtype);
  return answer as string[][] | string[];
};

/**
 * What this process's outbound queue runner works with: remote recipients through the SMTP delivery agent (or
 * `agent`), local ones into the mail store, and each attempt's results reported to JMAP submissions.
 */
export function deliveryDependencies(
  services: Services,
  log: Logger,
  overrides: { readonly agent?: DeliveryAgent; readonly dns?: MailDns; readonly mxPort?: number } = {},
): QueueRunnerDependencies {
  const { config, database, blobs, clock, identity, mail, submission } = services;
  const hostname = config.get(CORE_SETTINGS).hostname;
  const agent =
    overrides.agent ??
    createSmtpDeliveryAgent({
      settings: config.get(OUTBOUND_SETTINGS),
      hostname,
      log,
      ...(overrides.dns && { dns: overrides.dns }),
      ...(overrides.mxPort !== undefined && { port: overrides.mxPort }),
    });
  return {
    database,
    blobs,
    clock,
    log,
    settings: config.get(QUEUE_SETTINGS),
    hostname,
    agent,
    localDelivery: mailStoreDelivery({
      findAccount: (address) => identity.findAccount(address),
      importMessages: (requests, options) => mail.importMessages(requests, options),
      isSuspendedReceiving: config.get(IDENTITY_SETTINGS).suspendedAccountsReceiveMail,
      reports: submission.reports,
    }),
    isLocalDomain: async (domain) => (await identity.getDomain(domain)) !== undefined,
    onSubmissionProgress: submission.onProgress,
  };
}

/** Start this process's outbound queue runner; the runtime starts one per worker and stops it on shutdown. */
export function startDelivery(
  services: Services,
  log: Logger,
  overrides: { readonly agent?: DeliveryAgent; readonly dns?: MailDns; readonly mxPort?: number } = {},
): QueueRunner {
  return startQueueRunner(deliveryDependencies(services, log, overrides));
}

/**
 * The node's clock-driven maintenance jobs over `services`: the store's and the domain's pruning, and the
 * suspension of unused accounts, bound here.
 */
export function maintenanceJobs(services: Services, log: Logger): readonly Job[] {
  const { config, database, blobs, clock, identity, mail, submission, contacts } = services;
  const jobs = config.get(JOB_SETTINGS);
  const store = config.get(STORE_SETTINGS);
  const directorySettings = config.get(DIRECTORY_SETTINGS);
  return [
    pruneChangeLogJob({
      prune: (request) => pruneChangeLog(database, request),
      retentionMs: store.changeLogRetention,
      intervalMs: jobs.pruneChangeLogInterval,
      clock,
      log,
    }),
    pruneTombstonesJob({
      mail,
      retentionMs: jobs.tombstoneRetention,
      intervalMs: jobs.pruneTombstonesInterval,
      clock,
    }),
    pruneCardTombstonesJob({
      contacts,
      retentionMs: store.changeLogRetention,
      intervalMs: jobs.pruneTombstonesInterval,
      clock,
    }),
    pruneReceiptsJob({
      prune: (nowMs) => pruneReceipts(database, nowMs),
      intervalMs: jobs.pruneReceiptsInterval,
      clock,
      log,
    }),
    expireUploadsJob({ mail, intervalMs: jobs.expireUploadsInterval, clock }),
    pruneSubmissionsJob({
      prune: (nowMs) => submission.pruneSubmissions(nowMs),
      intervalMs: jobs.pruneSubmissionsInterval,
      clock,
      log,
    }),
    suspendInactiveAccountsJob({ identity, intervalMs: jobs.suspendInactiveAccountsInterval }),
    pruneHelpdeskRecordsJob({ identity, intervalMs: jobs.pruneHelpdeskRecordsInterval, clock }),
    importDirectoryJob({
      directory: services.directory,
      audit: services.audit,
      settings: directorySettings,
      readSource: () => readConfiguredSource(directorySettings),
      clock,
      log,
    }),
    collectBlobGarbageJob({
      collect: () => collectGarbage({ database, blobs, clock, graceMs: store.blobGrace, log }),
      intervalMs: jobs.blobGcInterval,
    }),
  ];
}

/**
 * Start the maintenance jobs on their schedule. The runtime starts them in one process per node (every job is
 * idempotent, so several nodes on one PostgreSQL may run them at once) and stops them before closing the store.
 */
export function startMaintenance(services: Services, log: Logger, metrics?: MetricsRegistry): JobScheduler {
  const scheduler = createJobScheduler({
    jobs: maintenanceJobs(services, log),
    clock: services.clock,
    log,
    ...(metrics && { metrics }),
  });
  scheduler.start();
  return scheduler;
}
