// Sending a message (EmailSubmission/set create): the identity and the message must be the account's, the
// From header and the return path its own addresses, the envelope valid and within the site's limits; then the
// message, without its Bcc fields and signed, goes into the outbound queue (released now, or at the time the
// client asked for) in the same durable transaction as the submission's record and its change-log row. Local
// and remote recipients alike are delivered by the queue, so a scheduled send holds every copy until its time.

import { newId } from '#core/ids';
import { decodeXtext } from '#domain/delivery';
import { sendingAddresses } from '#domain/identity';
import { type Email, MAIL_LIMITS } from '#domain/mail';
import type { WriteTransaction } from '#store';
import type { SubmissionContext } from './submission-context.ts';
import { checkEnvelope, type CheckedEnvelope, deriveEnvelope } from './submission-envelope.ts';
import { withoutBcc } from './submission-message.ts';
import { toSubmission } from './submission-rows.ts';
import {
  type DeliveryStatus,
  type EmailSubmission,
  type NewEmailSubmission,
  SUBMISSION_TYPE,
  SubmissionRefused,
} from './submission.ts';

const HOUR_MS = 3_600_000;

/** The From header must name only the account's own addresses: what the reader sees is the header. */
function checkFrom(email: Email, owned: ReadonlySet<string>): void {
  if (email.from.length === 0) {
    throw new SubmissionRefused({ reason: 'invalidEmail', properties: ['from'] }, 'the message has no From');
  }
  const foreign = email.from.find((address) => !owned.has(address.address.toLowerCase()));
  if (foreign !== undefined) {
    throw new SubmissionRefused(
      { reason: 'forbiddenFrom' },
      `this account may not send as ${JSON.stringify(foreign.address.slice(0, 254))}`,
    );
  }
}

/** The hourly limits, counted over the account's submissions of the last hour (destroyed ones included). */
async function checkSendingRate(
  context: SubmissionContext,
  tx: WriteTransaction,
  accountId: string,
  recipients: number,
): Promise<void> {
  const since = context.clock.nowMs() - HOUR_MS;
  const row = await tx.db
    .selectFrom('email_submissions')
    .select((eb) => [
      eb.fn.countAll<number>().as('messages'),
      eb.fn.sum<number>('recipient_count').as('recipients'),
    ])
    .where('account_id', '=', accountId)
    .where('created_at', '>', since)
    .executeTakeFirst();
  const { messagesPerHour, recipientsPerHour } = context.limits;
  const isOver =
    Number(row?.messages ?? 0) + 1 > messagesPerHour ||
    Number(row?.recipients ?? 0) + recipients > recipientsPerHour;
  if (isOver) {
    context.log.warn({ event: 'submission.rateLimited', accountId }, 'hourly sending limit reached');
    throw new SubmissionRefused(
      { reason: 'forbiddenToSend' },
      `sending limit reached: at most ${messagesPerHour} messages and ${recipientsPerHour} recipients per hour`,
    );
  }
}

/** What every recipient starts as: in our queue, not yet tried. */
function queuedStatus(checked: CheckedEnvelope): Record<string, DeliveryStatus> {
  const status: Record<string, DeliveryStatus> = {};
  for (const recipient of checked.recipients) {
    status[recipient.address] = { smtpReply: '250 2.0.0 queued', delivered: 'queued', displayed: 'unknown' };
  }
  return status;
}

export async function createSubmission(
  context: SubmissionContext,
  accountId: string,
  input: NewEmailSubmission,
): Promise<EmailSubmission> {
  const { mail, database, queue, clock, limits } = context;
  const { identities } = await mail.listIdentities(accountId);
  const identity = identities.find((candidate) => candidate.id === input.identityId);
  if (identity === undefined) {
    throw new SubmissionRefused(
      { reason: 'invalidProperties', properties: ['identityId'] },
      'no such identity',
    );
  }
  const [email] = await mail.getEmails(accountId, [input.emailId], []);
  if (email === undefined) {
    throw new SubmissionRefused({ reason: 'invalidProperties', properties: ['emailId'] }, 'no such email');
  }
  const addresses = await sendingAddresses(database.db, accountId);
  const owned = new Set([addresses?.email ?? identity.email, ...(addresses?.aliases ?? [])]);
  checkFrom(email, owned);
  if (email.size > limits.maxMessageBytes) {
    throw new SubmissionRefused(
      { reason: 'tooLarge', maxSize: limits.maxMessageBytes },
      `the message is larger than the ${limits.maxMessageBytes} bytes a message may be`,
    );
  }
  const envelope = input.envelope ?? deriveEnvelope(email, identity.email, owned);
  const checked = checkEnvelope(envelope, owned, limits, clock.nowMs());

  const raw = withoutBcc(await mail.readEmailBytes(accountId, email.id));
  const prepared = await queue.prepare(raw, { sender: checked.mailFrom });
  const id = newId('u');
  const row = await database.write(
    async (tx) => {
      await checkSendingRate(context, tx, accountId, checked.recipients.length);
      const now = clock.nowMs();
      // RFC 8621 §7: the submission id as ENVID lets a DSN be matched to its submission.
      const envid = checked.dsn?.envid ?? id;
      const queued = await queue.enqueue(tx, prepared, checked.recipients, {
        sender: checked.mailFrom,
        source: 'submission',
        accountId,
        dsn: { ...checked.dsn, envid },
        notBefore: checked.sendAt,
      });
      const values = {
        id,
        account_id: accountId,
        identity_id: identity.id,
        email_id: email.id,
        thread_id: email.threadId,
        queue_id: queued.id,
        envelope: JSON.stringify(checked.envelope),
        recipient_count: checked.recipients.length,
        send_at: checked.sendAt.getTime(),
        undo_status: checked.isScheduled && checked.sendAt.getTime() > now ? 'pending' : 'final',
        delivery_status: JSON.stringify(queuedStatus(checked)),
        destroyed_at: null,
        created_at: now,
        updated_at: now,
        // What finds the submission from a report (submission-reports.ts), even once the email is gone.
        message_id:
          email.messageId !== null && email.messageId.length <= MAIL_LIMITS.maxMessageIdChars
            ? email.messageId
            : null,
        envelope_id: decodeXtext(envid),
      };
      await tx.db.insertInto('email_submissions').values(values).execute();
      await tx.recordChange(accountId, SUBMISSION_TYPE, id, 'created');
      return values;
    },
    { isDurable: true },
  );
  context.log.info(
    {
      event: 'submission.created',
      accountId,
      submission: id,
      queue: row.queue_id,
      recipients: row.recipient_count,
      sendAt: checked.sendAt.toISOString(),
    },
    'message submitted',
  );
  return toSubmission(row);
}
