// The vacation responder: after an inbound delivery, each absent account whose response is active answers the
// envelope sender once per period (RFC 5230 §4.2: `vacation_replies` remembers whom it answered), through the
// outbound queue with the null reverse path (RFC 3834 §3.3), so a failed reply never bounces back to us.
// Best effort, off the SMTP reply's path: every failure is logged with an incident id and goes no further.

import { DEFAULT_LOCALE, LOCALES, type Locale } from '@vercors/contract';
import type { Clock } from '#core/clock';
import { newIncidentId } from '#core/ids';
import type { Logger } from '#core/log';
import type { AutoReplyDelivery, AutoReplyMessage, AutoResponder, QueueService } from '#domain/delivery';
import { sendingAddresses } from '#domain/identity';
import type { Database, WriteTransaction } from '#store';
import { composeVacationReply, originalThread, type ReplyAuthor } from './vacation-reply-message.ts';
import { decideReply, readReplyHeaders, type ReplyHeaders } from './vacation-reply-rules.ts';
import { isVacationActive, readVacation } from './vacation-settings.ts';
import { VACATION_LIMITS } from './vacation.ts';

export interface VacationResponderDependencies {
  readonly database: Database;
  readonly clock: Clock;
  readonly log: Logger;
  /** Where replies go out: prepared (DKIM-signed, stored) first, queued with the reply's record. */
  readonly queue: Pick<QueueService, 'prepare' | 'enqueue'>;
  /** Our host name: the right side of the replies' Message-IDs. */
  readonly hostname: string;
}

/** The account as the reply presents it, and every address it receives at; undefined once deleted. */
interface Responder extends ReplyAuthor {
  readonly aliases: readonly string[];
}

function toLocale(value: string): Locale {
  return (LOCALES as readonly string[]).includes(value) ? (value as Locale) : DEFAULT_LOCALE;
}

async function readResponder(database: Database, accountId: string): Promise<Responder | undefined> {
  const addresses = await sendingAddresses(database.db, accountId);
  const account = await database.db
    .selectFrom('accounts')
    .select('locale')
    .where('id', '=', accountId)
    .executeTakeFirst();
  if (addresses === undefined || account === undefined) return undefined;
  return {
    displayName: addresses.displayName,
    email: addresses.email,
    aliases: addresses.aliases,
    locale: toLocale(account.locale),
  };
}

/** One entry per account (a message may reach one account at two of its addresses): it is answered once. */
function byAccount(delivered: readonly AutoReplyDelivery[]): Map<string, string> {
  const accounts = new Map<string, string>();
  for (const delivery of delivered)
    if (!accounts.has(delivery.accountId)) accounts.set(delivery.accountId, delivery.address);
  return accounts;
}

/** Whether `sender` was answered less than an interval ago (a read outside any transaction: a hint). */
async function wasAnsweredSince(
  database: Database,
  accountId: string,
  sender: string,
  since: number,
): Promise<boolean> {
  const row = await database.db
    .selectFrom('vacation_replies')
    .select('sent_at')
    .where('account_id', '=', accountId)
    .where('sender', '=', sender)
    .executeTakeFirst();
  return row !== undefined && Number(row.sent_at) > since;
}

/**
 * Record the reply to `sender` unless one was recorded after `since`; true when this transaction won. One
 * statement, so two deliveries racing for the same sender cannot both win: SQLite has one writer, and on
 * PostgreSQL the second upsert waits for the first's commit, then finds its row too recent to update.
 */
async function claimReply(
  tx: WriteTransaction,
  accountId: string,
  sender: string,
  now: number,
  since: number,
): Promise<boolean> {
  const claimed = await tx.db
    .insertInto('vacation_replies')
    .values({ account_id: accountId, sender, sent_at: now })
    .onConflict((conflict) =>
      conflict
        .columns(['account_id', 'sender'])
        .doUpdateSet({ sent_at: now })
        .where('vacation_replies.sent_at', '<=', since),
    )
    .returning('sender')
    .executeTakeFirst();
  return claimed !== undefined;
}

/** Build the vacation responder the inbound pipeline calls after a delivery (main.ts injects it). */
export function createVacationResponder(dependencies: VacationResponderDependencies): AutoResponder {
  const { database, clock, log, queue, hostname } = dependencies;
  const interval = VACATION_LIMITS.replyIntervalMs;

  const answer = async (
    message: AutoReplyMessage,
    readHeaders: () => ReplyHeaders,
    accountId: string,
    address: string,
  ) => {
    const skip = (reason: string) =>
      log.debug({ event: 'vacation.skipped', accountId, reason }, 'vacation reply not sent');
    const now = clock.nowMs();
    const vacation = await readVacation(database.db, accountId);
    if (!isVacationActive(vacation, now)) return skip('inactive');
    const responder = await readResponder(database, accountId);
    if (responder === undefined) return skip('noAccount');

    // Rules: personal mail from a person, not an automaton or a list (RFC 3834 §2, RFC 5230 §4.5–4.6)
    const sender = message.envelope.mailFrom;
    const headers = readHeaders();
    const decision = decideReply({
      sender,
      headers,
      ownAddresses: [responder.email, ...responder.aliases, address],
    });
    if (!decision.mayReply) return skip(decision.reason);
    const senderKey = sender.toLowerCase();
    const since = now - interval;
    if (await wasAnsweredSince(database, accountId, senderKey, since)) return skip('alreadyAnswered');

    // Compose and store the reply before the transaction, as every queued message is
    const raw = await composeVacationReply({
      vacation,
      author: responder,
      to: sender,
      original: originalThread(headers),
      hostname,
      date: clock.now(),
    });
    const prepared = await queue.prepare(raw, { sender: '' });

    // Record and queue together: the authoritative once-per-interval check, then housekeeping
    const queued = await database.write(
      async (tx) => {
        if (!(await claimReply(tx, accountId, senderKey, now, since))) return undefined;
        await tx.db
          .deleteFrom('vacation_replies')
          .where('account_id', '=', accountId)
          .where('sent_at', '<=', since)
          .execute();
        return await queue.enqueue(tx, prepared, [sender], { sender: '', source: 'autoreply', accountId });
      },
      { isDurable: true },
    );
    // A reply that lost the race leaves its prepared bytes unreferenced: collected after the grace period.
    if (queued === undefined) return skip('alreadyAnswered');
    log.info({ event: 'vacation.replied', accountId, queueId: queued.id }, 'vacation reply queued');
  };

  return {
    async respond(message, delivered) {
      // The header section is read once, and only if some account is away.
      let headers: ReplyHeaders | undefined;
      const readHeaders = () => (headers ??= readReplyHeaders(message.raw));
      for (const [accountId, address] of byAccount(delivered)) {
        try {
          await answer(message, readHeaders, accountId, address);
        } catch (error) {
          log.error({ err: error, incident: newIncidentId(), accountId }, 'vacation reply failed');
        }
      }
    },
  };
}
