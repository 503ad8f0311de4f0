// Sending read receipts (MDN/send, RFC 9007 §2.1) from one of the account's identities: for each email of the
// account that asks for one (Disposition-Notification-To) and has none sent yet ($mdnsent), an RFC 8098 message
// from the identity's address to the addresses it asks, queued with the null reverse-path (RFC 8098 §3: no
// notification may answer a notification) in a durable transaction of its own. The email takes $mdnsent first,
// as a claim: of two sends racing for one email only the one whose keyword update changed it goes on, so a
// receipt leaves at most once; a failure to queue gives the keyword back, and a crash between the two loses
// that receipt rather than sending it twice.

import { DEFAULT_LOCALE, LOCALES, type Locale } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { newId } from '#core/ids';
import { normaliseRecipient } from '#domain/delivery';
import { sendingAddresses } from '#domain/identity';
import type { Email } from '#domain/mail';
import { parseAddressList } from '#formats/mime';
import { composeMdn } from './mdn-compose.ts';
import type { MdnContext } from './mdn-context.ts';
import { fieldValues, isOneLine, readFields, type ReportField } from './mdn-fields.ts';
import { type CheckedMdnInput, checkNewMdn } from './mdn-input.ts';
import { MDN_MESSAGES } from './mdn-messages.ts';
import { type Mdn, MDN_LIMITS, MdnRefused, type MdnSendOutcome, type NewMdn } from './mdn.ts';

/** The keyword RFC 3503 and RFC 9007 use for "a receipt was sent", lower case as JMAP requires. */
const MDN_SENT = '$mdnsent';
/** Fields of the original's header section read: real mail has dozens, a block of thousands is junk. */
const MAX_ORIGINAL_FIELDS = 10_000;
/** Characters of the original subject kept in the default subject and text: one readable line. */
const MAX_ORIGINAL_SUBJECT = 200;

/** Who sends: the identity, the account's own addresses and its language. */
interface Sender {
  readonly name: string;
  readonly email: string;
  readonly owned: ReadonlySet<string>;
  readonly locale: Locale;
}

function toLocale(value: string | undefined): Locale {
  return (LOCALES as readonly string[]).includes(value ?? '') ? (value as Locale) : DEFAULT_LOCALE;
}

/** The identity and what goes with it; notFound (invalidArguments in JMAP) when it is not the account's. */
async function readSender(context: MdnContext, accountId: string, identityId: string): Promise<Sender> {
  const { identities } = await context.mail.listIdentities(accountId);
  const identity = identities.find((candidate) => candidate.id === identityId);
  if (identity === undefined) {
    throw new DomainError('notFound', `no identity ${identityId}`, {
      details: { subject: 'identity', name: identityId },
    });
  }
  const addresses = await sendingAddresses(context.database.db, accountId);
  const account = await context.database.db
    .selectFrom('accounts')
    .select('locale')
    .where('id', '=', accountId)
    .executeTakeFirst();
  const owned = new Set(
    [addresses?.email ?? '', ...(addresses?.aliases ?? [])].map((address) => address.toLowerCase()),
  );
  owned.delete('');
  return { name: identity.name, email: identity.email, owned, locale: toLocale(account?.locale) };
}

/** The original's header section, bounded (the fields we read are near the top). */
async function readHeaderSection(context: MdnContext, accountId: string, email: Email): Promise<Buffer> {
  const end = Math.min(email.structure?.headerSize ?? email.size, MDN_LIMITS.maxOriginalHeaderBytes);
  return await context.mail.readEmailBytes(accountId, email.id, { start: 0, end });
}

/**
 * RFC 8098 §2.1: the Disposition-Notification-To addresses, deduplicated; notFound (RFC 9007 §2.1: "no valid
 * Disposition-Notification-To header field") when there is none, one that cannot be sent to, or too many.
 */
function receiptRecipients(fields: readonly ReportField[]): string[] {
  const requested = fieldValues(fields, 'disposition-notification-to').flatMap((value) =>
    parseAddressList(value),
  );
  const refuse = (why: string) =>
    new MdnRefused({ reason: 'notFound' }, `the message asks for no read receipt (${why})`);
  if (requested.length === 0) throw refuse('no Disposition-Notification-To');
  const recipients = new Map<string, string>();
  for (const { address } of requested) {
    let normalised: string;
    try {
      normalised = normaliseRecipient(address).address;
    } catch {
      throw refuse(`invalid address ${JSON.stringify(address.slice(0, 254))}`);
    }
    recipients.set(normalised.toLowerCase(), normalised);
  }
  if (recipients.size > MDN_LIMITS.maxRecipients)
    throw refuse(`more than ${MDN_LIMITS.maxRecipients} addresses`);
  return [...recipients.values()];
}

/** The original's Original-Recipient (RFC 8098 §2.3, added by the delivering MTA) when it is one clean line. */
function originalRecipient(fields: readonly ReportField[]): string | null {
  const value = fieldValues(fields, 'original-recipient')[0]?.replace(/\s+/g, ' ');
  return value !== undefined &&
    value !== '' &&
    isOneLine(value) &&
    value.length <= MDN_LIMITS.maxFieldValueChars
    ? value
    : null;
}

function shortSubject(email: Email): string {
  const line = email.subject.replace(/[\x00-\x1f\x7f]+/g, ' ').trim();
  return [...line].slice(0, MAX_ORIGINAL_SUBJECT).join('');
}

function defaultSubject(email: Email, locale: Locale): string {
  const subject = shortSubject(email);
  return subject === ''
    ? MDN_MESSAGES.t(locale, 'subjectAlone')
    : MDN_MESSAGES.t(locale, 'subject', { subject });
}

function defaultText(email: Email, input: NewMdn, recipient: string, locale: Locale): string {
  const subject = shortSubject(email);
  const message =
    subject === ''
      ? MDN_MESSAGES.t(locale, 'messageAlone')
      : MDN_MESSAGES.t(locale, 'messageWithSubject', { subject });
  return MDN_MESSAGES.t(locale, `body.${input.disposition.type}`, { message, recipient });
}

/** Final-Recipient: the client's when it is one of the account's addresses, else the identity's. */
function finalRecipientAddress(sender: Sender, checked: CheckedMdnInput): string {
  const address = checked.finalRecipient ?? sender.email.toLowerCase();
  if (!sender.owned.has(address)) {
    throw new MdnRefused(
      { reason: 'forbiddenFrom' },
      `this account may not issue receipts for ${JSON.stringify(address.slice(0, 254))}`,
    );
  }
  return address;
}

function tooLarge(context: MdnContext): MdnRefused {
  return new MdnRefused(
    { reason: 'tooLarge', maxSize: context.maxMessageBytes },
    `the receipt would be larger than the ${context.maxMessageBytes} bytes a message may be`,
  );
}

/** Take $mdnsent for the email; false when another send took it first (RFC 3503 §2: one receipt per message). */
async function claimReceipt(context: MdnContext, accountId: string, emailId: string): Promise<boolean> {
  const update = await context.mail.addKeywords(accountId, { emailIds: [emailId] }, [MDN_SENT]);
  return update.updated.some((email) => email.emailId === emailId);
}

/** Queue the receipt (MAIL FROM:<>) in a durable transaction, the email's $mdnsent claimed first. */
async function queueReceipt(
  context: MdnContext,
  accountId: string,
  emailId: string,
  raw: Uint8Array,
  recipients: readonly string[],
): Promise<void> {
  const prepared = await context.queue.prepare(raw, { sender: '' });
  if (!(await claimReceipt(context, accountId, emailId)))
    throw new MdnRefused({ reason: 'mdnAlreadySent' }, `${MDN_SENT} was set meanwhile`);
  let queued: { readonly id: string };
  try {
    queued = await context.database.write(
      (tx) => context.queue.enqueue(tx, prepared, recipients, { sender: '', source: 'mdn', accountId }),
      { isDurable: true },
    );
  } catch (error) {
    // Not sent: the email may be answered again.
    await context.mail.removeKeywords(accountId, { emailIds: [emailId] }, [MDN_SENT]).catch(() => undefined);
    throw error;
  }
  context.log.info(
    { event: 'mdn.sent', accountId, emailId, queueId: queued.id, recipients: recipients.length },
    'read receipt queued',
  );
}

/** Send one receipt; MdnRefused names the rule that refused it. */
async function sendOne(context: MdnContext, accountId: string, sender: Sender, input: NewMdn): Promise<Mdn> {
  const checked = checkNewMdn(input);
  const finalAddress = finalRecipientAddress(sender, checked);

  // The original: the account's, asking for a receipt, none sent yet
  const [email] = await context.mail.getEmails(accountId, [input.forEmailId], ['structure']);
  if (email === undefined) throw new MdnRefused({ reason: 'notFound' }, 'no such email');
  if (email.keywords.includes(MDN_SENT))
    throw new MdnRefused({ reason: 'mdnAlreadySent' }, `${MDN_SENT} keyword is already present`);
  const header = await readHeaderSection(context, accountId, email);
  const fields = readFields(header, header.length, MAX_ORIGINAL_FIELDS);
  const recipients = receiptRecipients(fields);
  if (checked.includeOriginalMessage && email.size > context.maxMessageBytes) throw tooLarge(context);

  // Compose (RFC 8098 §3) and store before the transaction, as every queued message is
  const subject = checked.subject ?? defaultSubject(email, sender.locale);
  const text = checked.textBody ?? defaultText(email, input, finalAddress, sender.locale);
  const finalRecipient = `rfc822; ${finalAddress}`;
  const report = {
    reportingUA: checked.reportingUA,
    originalRecipient: originalRecipient(fields),
    finalRecipient,
    originalMessageId: email.messageId === null ? null : `<${email.messageId}>`,
    disposition: input.disposition,
  };
  const raw = await composeMdn({
    ...report,
    from: { name: sender.name, address: sender.email },
    to: recipients,
    subject,
    text,
    date: context.clock.now(),
    messageId: `${newId('mdn')}@${context.hostname}`,
    extensionFields: checked.extensionFields,
    original: checked.includeOriginalMessage
      ? { kind: 'message', bytes: await context.mail.readEmailBytes(accountId, email.id) }
      : { kind: 'headers', bytes: header },
  });
  if (raw.byteLength > context.maxMessageBytes) throw tooLarge(context);
  await queueReceipt(context, accountId, email.id, raw, recipients);
  return {
    ...report,
    forEmailId: email.id,
    subject,
    textBody: text,
    includeOriginalMessage: checked.includeOriginalMessage,
    mdnGateway: null,
    error: null,
    extensionFields: checked.extensionFields.length > 0 ? Object.fromEntries(checked.extensionFields) : null,
  };
}

/**
 * Send each receipt from the identity, one outcome per input in order: a domain refusal fails that receipt
 * only. notFound (DomainError) for the whole call when the identity is not the account's.
 */
export async function sendMdns(
  context: MdnContext,
  accountId: string,
  identityId: string,
  inputs: readonly NewMdn[],
): Promise<MdnSendOutcome[]> {
  const sender = await readSender(context, accountId, identityId);
  const outcomes: MdnSendOutcome[] = [];
  for (const input of inputs) {
    try {
      outcomes.push({ ok: true, mdn: await sendOne(context, accountId, sender, input) });
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      outcomes.push({ ok: false, error });
    }
  }
  return outcomes;
}
