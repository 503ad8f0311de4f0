// The outbound queue's vocabulary: recipient states (Postfix's incoming → active ⇄ deferred, plus hold, and
// the two final ones), where a message came from, the RFC 3461 DSN parameters it carries, and what the
// admin operations show.

/**
 * incoming: queued, never tried. active: leased by one runner, being delivered. deferred: waiting for its
 * next attempt. hold: set aside by an admin until released. delivered, bounced: final.
 */
export const QUEUE_STATES = ['incoming', 'active', 'deferred', 'hold', 'delivered', 'bounced'] as const;
export type QueueState = (typeof QUEUE_STATES)[number];

export const FINAL_STATES: readonly QueueState[] = ['delivered', 'bounced'];
/** States a runner may claim once due (an active one is due when its lease ran out: its runner died). */
export const CLAIMABLE_STATES: readonly QueueState[] = ['incoming', 'deferred', 'active'];

/**
 * submission: a user sent it; forward and list: inbound mail passed on; bounce and dsn: we generated it;
 * autoreply: an account's automatic answer (vacation), generated for it; mdn: a read receipt a user's client
 * asked for (JMAP MDN/send).
 */
export const MESSAGE_SOURCES = [
  'submission',
  'forward',
  'list',
  'bounce',
  'dsn',
  'autoreply',
  'mdn',
] as const;
export type MessageSource = (typeof MESSAGE_SOURCES)[number];

export type DsnNotifyCondition = 'SUCCESS' | 'FAILURE' | 'DELAY';

/** RFC 3461 parameters of one recipient (RCPT TO NOTIFY= and ORCPT=). */
export interface RecipientDsnParameters {
  /** ['NEVER'] or any of SUCCESS, FAILURE, DELAY; absent when the sender gave none. */
  readonly notify?: readonly ('NEVER' | DsnNotifyCondition)[];
  /** addr-type;address as received, e.g. `rfc822;marie@example.org`. */
  readonly orcpt?: string;
}

/** RFC 3461 parameters of the message (MAIL FROM RET= and ENVID=). */
export interface MessageDsnParameters {
  readonly ret?: 'FULL' | 'HDRS';
  readonly envid?: string;
}

export interface QueueRecipientInput {
  /** local-part@domain, without angle brackets. */
  readonly address: string;
  readonly dsn?: RecipientDsnParameters;
}

/** One recipient as `queue show` and `queue list` present it. */
export interface QueuedRecipient {
  readonly id: string;
  readonly address: string;
  readonly domain: string;
  readonly state: QueueState;
  readonly attempts: number;
  /** The next attempt (deferred, incoming), the end of the lease (active); null once final. */
  readonly nextAttemptAt: Date | null;
  readonly lastAttemptAt: Date | null;
  /** Why the last attempt failed, in words; null when it has not failed. */
  readonly lastError: string | null;
  /** RFC 3463 status of the last attempt, e.g. 4.4.1. */
  readonly lastStatus: string | null;
  readonly lastReply: string | null;
  readonly remoteMta: string | null;
  readonly deliveredAt: Date | null;
  readonly bouncedAt: Date | null;
  readonly notify: string | null;
}

export interface QueuedMessage {
  readonly id: string;
  /** '' for the null sender. */
  readonly sender: string;
  readonly source: MessageSource;
  readonly accountId: string | null;
  readonly size: number;
  readonly dkimDomain: string | null;
  readonly priority: number;
  readonly createdAt: Date;
  /** When its last recipient reached a final state; null while any is pending. */
  readonly completedAt: Date | null;
  readonly recipients: readonly QueuedRecipient[];
}

/** Filters of `queue list`; they combine with AND on recipients. */
export interface QueueQuery {
  readonly state?: QueueState;
  /** Recipient domain. */
  readonly domain?: string;
  /** At most this many messages (default and ceiling: MAX_QUEUE_PAGE). */
  readonly limit?: number;
}

/** A listing never loads the whole queue into memory; more than this is a job for filters. */
export const MAX_QUEUE_PAGE = 1000;

/** notify='NEVER' or a list of conditions, stored as the RFC 3461 text; null when the sender gave none. */
export function notifyText(dsn: RecipientDsnParameters | undefined): string | null {
  if (dsn?.notify === undefined || dsn.notify.length === 0) return null;
  return dsn.notify.includes('NEVER') ? 'NEVER' : [...new Set(dsn.notify)].join(',');
}

/**
 * Whether a DSN of `condition` goes to the sender. Without NOTIFY, RFC 3461 §4.1 leaves it to us: failures
 * and delays are reported (as every MTA does), successes are not.
 */
export function wantsNotification(notify: string | null, condition: DsnNotifyCondition): boolean {
  if (notify === null) return condition !== 'SUCCESS';
  return notify.split(',').includes(condition);
}
