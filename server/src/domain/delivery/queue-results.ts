// Recording one attempt's outcome for every recipient of a group, in one transaction with its consequences:
// active → delivered, bounced or deferred (with its next retry, or a bounce once the queue lifetime is over),
// the DSNs owed to the sender queued with the null sender, and the message completed when nobody is left.
// Only rows still leased by this runner are touched: a runner that lost its lease records nothing. A user's
// submission also reports the recorded outcomes to its account, through a hook, in the same transaction.

import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { BlobStore, Database } from '#store';
import { buildDsn, type DsnAction, type DsnKind, type DsnRecipient } from './dsn-report.ts';
import { decideRetry } from './queue-backoff.ts';
import { completeIfDone } from './queue-completion.ts';
import type { ClaimedGroup, ClaimedRecipient } from './queue-claim.ts';
import type { RecipientDelivery } from './queue-delivery-agent.ts';
import { enqueue, normaliseRecipient, prepareMessage, type PreparedMessage } from './queue-enqueue.ts';
import { wantsNotification } from './queue-model.ts';
import type { QueueSettings } from './queue-settings.ts';
import {
  isReportedToAccount,
  smtpReplyOf,
  type SubmissionProgress,
  type SubmissionProgressHook,
} from './queue-submission-progress.ts';

export interface ResultDependencies {
  readonly database: Database;
  readonly blobs: BlobStore;
  readonly clock: Clock;
  readonly log: Logger;
  readonly settings: QueueSettings;
  /** Our host name: Reporting-MTA and the address DSNs come from. */
  readonly hostname: string;
  /**
   * Told, in the transaction recording an attempt, how the recipients of a user's submission fared. A throw
   * rolls the whole record back: the runner then gives the leases back and the recipients are tried again.
   */
  readonly onSubmissionProgress?: SubmissionProgressHook;
}

type Decision =
  | { readonly state: 'delivered' }
  | { readonly state: 'bounced'; readonly isExpired: boolean }
  | { readonly state: 'deferred'; readonly at: number; readonly isDelayWarned: boolean };

interface Planned {
  readonly recipient: ClaimedRecipient;
  readonly result: RecipientDelivery;
  readonly decision: Decision;
}

interface PlannedDsn {
  readonly kind: DsnKind;
  readonly recipientIds: readonly string[];
  readonly prepared: PreparedMessage;
}

function decide(
  group: ClaimedGroup,
  recipient: ClaimedRecipient,
  result: RecipientDelivery,
  now: number,
  settings: QueueSettings,
): Decision {
  if (result.outcome === 'delivered') return { state: 'delivered' };
  if (result.outcome === 'bounced') return { state: 'bounced', isExpired: false };
  const retry = decideRetry(recipient.attempts, group.message.createdAt, now, settings);
  if (retry.kind === 'expired') return { state: 'bounced', isExpired: true };
  const waited = now - group.message.createdAt;
  const isDelayWarned =
    recipient.delayWarnedAt === null &&
    waited >= settings.delayWarning &&
    settings.delayWarning < settings.lifetime &&
    wantsNotification(recipient.notify, 'DELAY');
  return { state: 'deferred', at: retry.at, isDelayWarned };
}

/** What happened, in words; a bounce at the end of the queue lifetime says so. */
function detailOf({ result, decision }: Planned, lifetime: number): string {
  if (decision.state !== 'bounced' || !decision.isExpired) return result.detail;
  return `${result.detail} (gave up after ${Math.round(lifetime / 3_600_000)} hours in the queue)`;
}

function dsnRecipient(
  group: ClaimedGroup,
  planned: Planned,
  action: DsnAction,
  now: number,
  lifetime: number,
) {
  const { result, recipient } = planned;
  return {
    address: recipient.address,
    orcpt: recipient.orcpt,
    action,
    status: result.status,
    detail: detailOf(planned, lifetime),
    ...(result.reply !== undefined && { reply: result.reply }),
    ...(result.remoteMta !== undefined && { remoteMta: result.remoteMta }),
    lastAttemptAt: new Date(now),
    ...(action === 'delayed' && { willRetryUntil: new Date(group.message.createdAt + lifetime) }),
  } satisfies DsnRecipient;
}

/** The DSNs this outcome owes the sender; built and stored before the transaction that queues them. */
async function planDsns(
  dependencies: ResultDependencies,
  group: ClaimedGroup,
  plans: readonly Planned[],
  original: Uint8Array | undefined,
  now: number,
): Promise<PlannedDsn[]> {
  const { message } = group;
  // Never bounce a bounce: the null sender has nobody to notify (RFC 5321 §4.5.5).
  if (message.sender === '') return [];
  try {
    normaliseRecipient(message.sender);
  } catch {
    dependencies.log.warn({ event: 'queue.dsnSkipped', queueId: message.id }, 'sender cannot receive a DSN');
    return [];
  }
  const { lifetime } = dependencies.settings;
  const wanted: { kind: DsnKind; entries: { plan: Planned; action: DsnAction }[] }[] = [
    {
      kind: 'failure',
      entries: plans
        .filter((p) => p.decision.state === 'bounced' && wantsNotification(p.recipient.notify, 'FAILURE'))
        .map((plan) => ({ plan, action: 'failed' })),
    },
    {
      kind: 'delay',
      entries: plans
        .filter((p) => p.decision.state === 'deferred' && p.decision.isDelayWarned)
        .map((plan) => ({ plan, action: 'delayed' })),
    },
    {
      kind: 'success',
      entries: plans
        .filter(
          (p) =>
            p.decision.state === 'delivered' &&
            p.result.isDsnPassedOn !== true &&
            wantsNotification(p.recipient.notify, 'SUCCESS'),
        )
        .map((plan) => ({ plan, action: group.isLocal ? 'delivered' : 'relayed' })),
    },
  ];
  const planned: PlannedDsn[] = [];
  for (const { kind, entries } of wanted) {
    if (entries.length === 0) continue;
    const dsn = buildDsn({
      kind,
      reportingMta: dependencies.hostname,
      queueId: message.id,
      to: message.sender,
      envid: message.envid,
      arrivalDate: new Date(message.createdAt),
      recipients: entries.map(({ plan, action }) => dsnRecipient(group, plan, action, now, lifetime)),
      original: original ?? new Uint8Array(),
      // RFC 3461 §4.3: RET governs failures; delay and success reports carry the header only.
      returnContent: kind === 'failure' && message.ret !== 'HDRS' ? 'full' : 'headers',
      now: new Date(now),
    });
    const prepared = await prepareMessage(dependencies, dsn, { sender: '' });
    planned.push({ kind, recipientIds: entries.map((e) => e.plan.recipient.id), prepared });
  }
  return planned;
}

/** What the submitting account is told: the recipients this runner recorded; undefined if none or nobody. */
function progressOf(
  group: ClaimedGroup,
  plans: readonly Planned[],
  recorded: ReadonlySet<string>,
  lifetime: number,
): SubmissionProgress | undefined {
  const { message } = group;
  if (!isReportedToAccount(message)) return undefined;
  const recipients = plans
    .filter((planned) => recorded.has(planned.recipient.id))
    .map((planned) => ({
      address: planned.recipient.address,
      state: planned.decision.state,
      isLocal: group.isLocal,
      smtpReply: smtpReplyOf(planned.result, detailOf(planned, lifetime)),
    }));
  if (recipients.length === 0) return undefined;
  return { queueId: message.id, accountId: message.accountId, recipients };
}

/**
 * Record `results` (by recipient id; a missing one counts as a temporary failure) for the group this runner
 * (`owner`) leased. `original` is the message content, for the DSNs; undefined when it could not be read.
 */
export async function recordResults(
  dependencies: ResultDependencies,
  owner: string,
  group: ClaimedGroup,
  results: ReadonlyMap<string, RecipientDelivery>,
  original: Uint8Array | undefined,
): Promise<void> {
  const { database, clock, log, settings } = dependencies;
  const now = clock.nowMs();
  const plans: Planned[] = group.recipients.map((recipient) => {
    const result = results.get(recipient.id) ?? {
      address: recipient.address,
      outcome: 'deferred',
      status: '4.3.0',
      detail: 'the delivery attempt reported nothing for this recipient',
    };
    return { recipient, result, decision: decide(group, recipient, result, now, settings) };
  });
  const dsns = await planDsns(dependencies, group, plans, original, now);

  const recorded = await database.write(
    async (tx) => {
      // Groups of one message (one per domain) may finish at once in several runners: on PostgreSQL the
      // message row lock makes them record one after the other, so the last one sees the others' outcomes
      // and completes the message. SQLite's single writer already does that.
      if (database.dialect.name === 'postgres') {
        await tx.db
          .selectFrom('queue_messages')
          .select('id')
          .where('id', '=', group.message.id)
          .forUpdate()
          .execute();
      }
      const updated = new Set<string>();
      for (const { recipient, result, decision } of plans) {
        const common = {
          last_status: result.status,
          last_error: result.outcome === 'delivered' ? null : result.detail,
          last_reply: result.reply ?? null,
          remote_mta: result.remoteMta ?? null,
          lease_owner: null,
          lease_expires_at: null,
        };
        const outcome = await tx.db
          .updateTable('queue_recipients')
          .set((eb) =>
            decision.state === 'deferred'
              ? {
                  ...common,
                  // An admin may have held it while it was in flight: it stays held.
                  state: eb.case().when('state', '=', 'hold').then('hold').else('deferred').end(),
                  next_attempt_at: decision.at,
                  ...(decision.isDelayWarned && { delay_warned_at: now }),
                }
              : decision.state === 'delivered'
                ? { ...common, state: 'delivered', delivered_at: now, next_attempt_at: now }
                : { ...common, state: 'bounced', bounced_at: now, next_attempt_at: now },
          )
          .where('id', '=', recipient.id)
          .where('lease_owner', '=', owner)
          .executeTakeFirst();
        if (Number(outcome.numUpdatedRows) > 0) updated.add(recipient.id);
      }
      if (dependencies.onSubmissionProgress) {
        const progress = progressOf(group, plans, updated, settings.lifetime);
        if (progress) await dependencies.onSubmissionProgress(tx, progress);
      }
      for (const dsn of dsns) {
        if (!dsn.recipientIds.some((id) => updated.has(id))) continue;
        await enqueue(tx, dsn.prepared, [group.message.sender], {
          sender: '',
          source: dsn.kind === 'failure' ? 'bounce' : 'dsn',
          clock,
        });
      }
      await completeIfDone(tx, group.message.id, now, clock);
      return updated;
    },
    { isDurable: true },
  );

  for (const { recipient, result, decision } of plans) {
    const fields = {
      event: `queue.${decision.state}`,
      queueId: group.message.id,
      recipient: recipient.address,
      status: result.status,
      attempts: recipient.attempts,
      delayMs: now - group.message.createdAt,
      ...(result.remoteMta !== undefined && { remoteMta: result.remoteMta }),
      detail: result.detail,
    };
    if (!recorded.has(recipient.id))
      log.warn(fields, 'delivery result not recorded: lease lost or entry deleted');
    else if (decision.state === 'delivered') log.info(fields, 'delivered');
    else if (decision.state === 'bounced') log.info(fields, 'bounced');
    else log.info({ ...fields, nextAttemptAt: new Date(decision.at).toISOString() }, 'deferred');
  }
}
