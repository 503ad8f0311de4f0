// The inbound delivery pipeline (Postfix cleanup + local, Stalwart's inbound queue): loop detection,
// authentication results, spam verdict, list expansion, Sieve, then one durable store transaction for every
// local recipient (shared with concurrent messages: group commit), then automatic replies off the reply's path.
// Answers one result per recipient.
// Security: the message and envelope are untrusted; every stage is bounded (header scan, DNS time, sizes).

import type { Clock } from '#core/clock';
import { DomainError } from '#core/errors';
import { newId, newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';
import type { Database } from '#store';
import type { InboundEnvelope, InboundMessage, InboundResult, RecipientResult } from './inbound-envelope.ts';
import type {
  BeforeCommit,
  MailImportAnnouncement,
  MailImporter,
  MailImportOutcome,
  MailImportRequest,
  RecipientDirectory,
} from './inbound-ports.ts';
import { deliveryKey, findReceipts, recordReceipts } from './inbound-receipts.ts';
import {
  classifyRecipient,
  DEFAULT_RECIPIENT_POLICY,
  refusedRecipient,
  type RecipientKind,
  type RecipientPolicy,
} from './inbound-recipients.ts';
import {
  createAuthenticationStage,
  stripOwnAuthenticationResults,
  type AuthenticationStage,
  type AuthenticationVerdict,
  type DnsResolver,
} from './pipeline-authentication.ts';
import {
  noAutoResponder,
  type AutoReplyDelivery,
  type AutoReplyMessage,
  type AutoResponder,
} from './pipeline-auto-reply.ts';
import { passThroughListExpander, type ExpandedRecipient, type ListExpander } from './pipeline-lists.ts';
import { DEFAULT_MAX_HOPS, detectLoop, readTraceFields } from './pipeline-loop.ts';
import { receivedHeader, returnPathHeader, stripReturnPath } from './pipeline-received.ts';
import { passThroughSieveFilter, type SieveFilter } from './pipeline-sieve.ts';
import { passThroughSpamClassifier, type SpamClassifier, type SpamVerdict } from './pipeline-spam.ts';
import { storeOutcomeResult } from './pipeline-store-outcome.ts';
import {
  linkReports,
  noReportLinks,
  readReports,
  type ReportLinks,
  type ReportReference,
} from './report-links.ts';

export interface InboundDependencies {
  readonly database: Database;
  readonly directory: RecipientDirectory;
  readonly mail: MailImporter;
  readonly clock: Clock;
  readonly log: Logger;
  /** Our host name: Received `by`, Authentication-Results authserv-id. */
  readonly hostname: string;
  /** DNS for SPF/DKIM/DMARC/ARC; tests and the offline benchmark pass a static one. */
  readonly resolver: DnsResolver;
  /** Received fields beyond this are a loop (554 5.4.6). */
  readonly maxHops?: number;
  /** Whether suspended accounts receive mail (lifecycle.suspended-accounts-receive-mail); the default yes. */
  readonly recipientPolicy?: RecipientPolicy;
  readonly authentication?: AuthenticationStage;
  readonly spam?: SpamClassifier;
  readonly lists?: ListExpander;
  readonly sieve?: SieveFilter;
  /** Answers inbox deliveries automatically (vacation); called after the commit, never awaited by the reply. */
  readonly autoResponder?: AutoResponder;
  /** Links delivery reports and read receipts to the submission they are about, in the store transaction. */
  readonly reports?: ReportLinks;
}

export interface InboundPipeline {
  /** Deliver `message` to its local recipients; one result per envelope recipient, in envelope order. */
  deliverInbound(message: InboundMessage): Promise<InboundResult>;
  /** Resolves once the automatic replies started so far are done: call it before closing the store. */
  settle(): Promise<void>;
  /** Who an address reaches (for RCPT-time decisions). */
  classifyRecipient(address: string): Promise<RecipientKind>;
  /** The stored bytes' headers for `message` (trace + authentication), for submission's Sent copy and queue. */
  traceHeaders(message: InboundMessage, queueId: string): string;
  /** Store `requests` durably (group commit) with receipts; one result each. Used by submission. */
  storeCopies(copies: readonly StoreCopy[], queueId: string): Promise<readonly RecipientResult[]>;
}

/** A message past the stages that run once for all its recipients. */
interface CheckedMessage {
  /** The message without Authentication-Results fields that claim our name. */
  readonly clean: Uint8Array;
  readonly verdict: AuthenticationVerdict;
  readonly spamVerdict: SpamVerdict;
  readonly expanded: readonly ExpandedRecipient[];
}

/** One copy for the store stage: the request and the receipt key that makes a retry idempotent. */
export interface StoreCopy {
  readonly address: string;
  readonly key: string;
  readonly request: MailImportRequest;
}

export function createInboundPipeline(dependencies: InboundDependencies): InboundPipeline {
  const { database, directory, clock, log, hostname } = dependencies;
  const maxHops = dependencies.maxHops ?? DEFAULT_MAX_HOPS;
  const recipientPolicy = dependencies.recipientPolicy ?? DEFAULT_RECIPIENT_POLICY;
  const authentication =
    dependencies.authentication ??
    createAuthenticationStage({ hostname, resolver: dependencies.resolver, log });
  const spam = dependencies.spam ?? passThroughSpamClassifier;
  const lists = dependencies.lists ?? passThroughListExpander;
  const sieve = dependencies.sieve ?? passThroughSieveFilter;
  const autoResponder = dependencies.autoResponder ?? noAutoResponder;
  const reports = dependencies.reports ?? noReportLinks;
  /** Automatic replies still running: the store must outlive them (settle, before it closes). */
  const replies = new Set<Promise<void>>();
  /** Durable, in a transaction shared with the copies of concurrent messages (group commit). */
  const importDurably = (
    requests: readonly MailImportRequest[],
    beforeCommit: BeforeCommit,
    announcement?: MailImportAnnouncement,
  ) => dependencies.mail.importMessages(requests, { isGrouped: true, beforeCommit, announcement });

  const traceHeaders = (message: InboundMessage, queueId: string) => {
    const { envelope } = message;
    const only = envelope.rcptTo.length === 1 ? envelope.rcptTo[0]?.address : undefined;
    return receivedHeader({ envelope, hostname, queueId, recipient: only, date: clock.now() });
  };

  /**
   * An account made before its mailboxes (mail arrived later than identity, or a hook failed) has no inbox:
   * make its default mailboxes and try those copies once more, rather than deferring its mail forever.
   */
  const retryWithoutMailbox = async (
    copies: readonly StoreCopy[],
    imported: MailImportOutcome[],
    beforeCommit: (copies: readonly StoreCopy[]) => BeforeCommit,
  ) => {
    const missing = copies.flatMap((copy, index) => {
      const outcome = imported[index];
      const isMissing =
        outcome?.ok === false &&
        outcome.error.code === 'notFound' &&
        outcome.error.details.subject === 'mailbox';
      return isMissing ? [index] : [];
    });
    if (missing.length === 0) return;
    const accounts = new Set(missing.map((index) => copies[index]?.request.accountId ?? ''));
    for (const accountId of accounts) await dependencies.mail.ensureDefaultMailboxes(accountId);
    const again = missing.flatMap((index) => (copies[index] ? [copies[index]] : []));
    const outcomes = await importDurably(
      again.map((copy) => copy.request),
      beforeCommit(again),
    );
    missing.forEach((index, position) => {
      const outcome = outcomes[position];
      if (outcome) imported[index] = outcome;
    });
  };

  /**
   * Receipts for the copies that were stored, and the links of those that are reports, written in the
   * transaction that stores them.
   */
  const receiptsFor =
    (references: ReadonlyMap<MailImportRequest, ReportReference>) =>
    (copies: readonly StoreCopy[]): BeforeCommit =>
    async (tx, outcomes) => {
      await recordReceipts(
        tx,
        copies.flatMap((copy, index) => {
          const outcome = outcomes[index];
          return outcome?.ok === true
            ? [{ key: copy.key, accountId: copy.request.accountId, emailId: outcome.email.emailId }]
            : [];
        }),
        clock.nowMs(),
      );
      const requests = copies.map((copy) => copy.request);
      await linkReports(reports, tx, requests, outcomes, references);
    };

  /** Authentication, spam verdict, list expansion: once per message. */
  const check = async (
    envelope: InboundEnvelope,
    raw: Uint8Array,
    local: readonly ExpandedRecipient[],
  ): Promise<CheckedMessage> => {
    const clean = stripOwnAuthenticationResults(raw, hostname);
    const verdict = await authentication.check(envelope, clean);
    const spamVerdict = await spam.classify({ envelope, raw: clean, authentication: verdict });
    return { clean, verdict, spamVerdict, expanded: await lists.expand(local) };
  };

  /**
   * The copy each recipient gets: the stored bytes (the same for all) and the mailbox its Sieve picks. Final
   * delivery writes Return-Path first (RFC 5321 §4.4) and drops the sender's own ones, after authentication (a
   * signature that covered one still verified). The fields are text, UTF-8 where an address is.
   */
  const copiesFor = async (
    message: InboundMessage,
    queueId: string,
    stages: CheckedMessage,
  ): Promise<StoreCopy[]> => {
    const { envelope } = message;
    const { clean, verdict, spamVerdict } = stages;
    const stored = Buffer.concat([
      Buffer.from(
        returnPathHeader(envelope.mailFrom) +
          verdict.headers +
          spamVerdict.headers +
          traceHeaders(message, queueId),
        'utf8',
      ),
      stripReturnPath(clean),
    ]);
    const receivedAt = clock.now();
    return await Promise.all(
      stages.expanded.map(async (recipient): Promise<StoreCopy> => {
        const decision = await sieve.decide({
          accountId: recipient.accountId,
          raw: clean,
          spam: spamVerdict,
        });
        return {
          address: recipient.address,
          key: deliveryKey('inbox', envelope.mailFrom, recipient.address, message.raw),
          request: {
            accountId: recipient.accountId,
            raw: stored,
            options: { mailboxRole: decision.mailboxRole, keywords: decision.keywords, receivedAt },
          },
        };
      }),
    );
  };

  const storeCopies = async (
    copies: readonly StoreCopy[],
    queueId: string,
    announcement?: MailImportAnnouncement,
  ): Promise<RecipientResult[]> => {
    // Copies an earlier attempt of the same message already stored are reported, not stored again.
    const receipts = await findReceipts(
      database,
      copies.map((copy) => copy.key),
    );
    const fresh = copies.filter((copy) => !receipts.has(copy.key));
    let outcomes: readonly RecipientResult[] = [];
    try {
      const rowsFor = receiptsFor(
        await readReports(
          reports,
          fresh.map((copy) => copy.request),
        ),
      );
      const imported = [
        ...(await importDurably(
          fresh.map((copy) => copy.request),
          rowsFor(fresh),
          announcement,
        )),
      ];
      await retryWithoutMailbox(fresh, imported, rowsFor);
      outcomes = fresh.map((copy, index) =>
        storeOutcomeResult(copy.address, copy.request.accountId, imported[index], log, queueId),
      );
    } catch (error) {
      outcomes = fresh.map((copy) => failedStore(copy.address, error, log, queueId));
    }
    const byKey = new Map(fresh.map((copy, index) => [copy.key, outcomes[index]]));
    return copies.map((copy): RecipientResult => {
      const receipt = receipts.get(copy.key);
      if (receipt) return { address: copy.address, status: 'delivered', ...receipt, isDuplicate: true };
      return byKey.get(copy.key) ?? failedStore(copy.address, new Error('no store outcome'), log, queueId);
    });
  };

  /**
   * Not awaited: the sender's reply does not wait for an automatic answer. The responder logs its own
   * failures; one that escapes it (or a synchronous throw) is logged here and goes no further.
   */
  const replyAutomatically = (
    message: AutoReplyMessage,
    delivered: readonly AutoReplyDelivery[],
    queueId: string,
  ) => {
    const reply = new Promise<void>((resolve) => resolve(autoResponder.respond(message, delivered)))
      .catch((error: unknown) => {
        log.error({ err: error, incident: newIncidentId(), queue: queueId }, 'automatic reply failed');
      })
      .finally(() => replies.delete(reply));
    replies.add(reply);
  };

  return {
    async settle() {
      while (replies.size > 0) await Promise.all(replies);
    },
    classifyRecipient: (address) => classifyRecipient(directory, address, recipientPolicy),
    traceHeaders,
    storeCopies,

    async deliverInbound(message) {
      const { envelope } = message;
      const queueId = newId('q');
      const started = clock.nowMs();

      // Recipients: as RCPT classified them, else looked up now (LMTP, the queue's local deliveries).
      const kinds = await Promise.all(
        envelope.rcptTo.map(
          async (rcpt) => rcpt.kind ?? (await classifyRecipient(directory, rcpt.address, recipientPolicy)),
        ),
      );
      const results = new Map<number, RecipientResult>();
      const local: (ExpandedRecipient & { index: number })[] = [];
      kinds.forEach((kind, index) => {
        if (kind.kind === 'local') {
          local.push({ index, address: kind.address, accountId: kind.account.id });
          return;
        }
        results.set(index, { address: kind.address, status: 'permanent', ...refusedRecipient(kind) });
      });

      // Loop detection, before anything is stored.
      const loop = detectLoop(
        readTraceFields(message.raw),
        local.map((recipient) => recipient.address),
        maxHops,
      );
      if (loop.isLoop) {
        log.warn({ queue: queueId, why: loop.why, detail: loop.detail }, 'mail loop refused');
        for (const recipient of local) {
          results.set(recipient.index, {
            address: recipient.address,
            status: 'permanent',
            code: 'limit',
            reason: 'loop',
          });
        }
        local.length = 0;
      }

      if (local.length > 0) {
        // Announced to the store, so that a transaction about to start for concurrent messages waits a moment
        // and takes this one too (group commit): fewer, larger transactions under load.
        const announcement = dependencies.mail.announceGroupedImport();
        let stages: CheckedMessage;
        let copies: StoreCopy[];
        let outcomes: readonly RecipientResult[];
        try {
          stages = await check(envelope, message.raw, local);
          copies = await copiesFor(message, queueId, stages);
          outcomes = await storeCopies(copies, queueId, announcement);
        } finally {
          announcement.withdraw();
        }
        const { clean, verdict, spamVerdict, expanded } = stages;
        const indexOf = new Map(local.map((recipient) => [recipient.address, recipient.index]));
        outcomes.forEach((outcome) => {
          const index = indexOf.get(outcome.address);
          if (index !== undefined) results.set(index, outcome);
        });
        // Automatic replies (vacation), to personal mail filed in an inbox just now; never to spam.
        if (spamVerdict.verdict !== 'spam') {
          const answerable = inboxDeliveries(expanded, copies, outcomes);
          if (answerable.length > 0) replyAutomatically({ envelope, raw: clean }, answerable, queueId);
        }
        log.info(
          {
            queue: queueId,
            session: envelope.sessionId,
            from: envelope.mailFrom,
            recipients: outcomes.length,
            delivered: outcomes.filter((outcome) => outcome.status === 'delivered').length,
            size: message.raw.byteLength,
            spf: verdict.spf,
            dkim: verdict.dkim,
            dmarc: verdict.dmarc,
            ms: clock.nowMs() - started,
          },
          'inbound message processed',
        );
      }

      return {
        queueId,
        recipients: envelope.rcptTo.map(
          (rcpt, index): RecipientResult =>
            results.get(index) ??
            failedStore(rcpt.address, new Error('recipient without a result'), log, queueId),
        ),
      };
    },
  };
}

/**
 * The copies stored just now (not an earlier attempt's) in an inbox (not Junk), sent to the recipient itself
 * rather than through a distribution list (RFC 3834 §2: a list's mail is not answered). `expanded`, `copies`
 * and `outcomes` are in the same order.
 */
function inboxDeliveries(
  expanded: readonly ExpandedRecipient[],
  copies: readonly StoreCopy[],
  outcomes: readonly RecipientResult[],
): AutoReplyDelivery[] {
  return copies.flatMap((copy, index) => {
    const outcome = outcomes[index];
    const isFresh = outcome?.status === 'delivered' && !outcome.isDuplicate;
    const isPersonal = expanded[index]?.viaList === undefined;
    return isFresh && isPersonal && copy.request.options.mailboxRole === 'inbox'
      ? [{ accountId: copy.request.accountId, address: copy.address }]
      : [];
  });
}

/** A store failure nobody planned for: temporary, with an incident id in the log and the reply. */
function failedStore(address: string, error: unknown, log: Logger, queueId: string): RecipientResult {
  if (error instanceof DomainError && (error.code === 'unavailable' || error.code === 'temporary')) {
    return { address, status: 'temporary', code: error.code, reason: 'unavailable' };
  }
  const incidentId = newIncidentId();
  log.error({ err: error, incident: incidentId, queue: queueId }, 'inbound store failed');
  return { address, status: 'temporary', code: 'temporary', reason: 'internal', incidentId };
}
