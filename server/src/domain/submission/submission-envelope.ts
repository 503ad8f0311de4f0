// The SMTP envelope of a submission: derived from the message's headers when the client gives none (RFC 8621
// §7: Sender or From for MAIL FROM, To, Cc and Bcc deduplicated for RCPT TO), then checked: the return path
// must be one of the account's addresses, every recipient a valid path, and every parameter one we honour —
// FUTURERELEASE (RFC 4865 HOLDFOR/HOLDUNTIL, which sets the release time), DSN (RFC 3461 RET, ENVID, NOTIFY,
// ORCPT), SMTPUTF8, BODY and SIZE. Anything else is refused rather than silently dropped.

import type { Email } from '#domain/mail';
import {
  type MessageDsnParameters,
  normaliseRecipient,
  type QueueRecipientInput,
  type RecipientDsnParameters,
} from '#domain/delivery';
import {
  type SubmissionAddress,
  type SubmissionEnvelope,
  type SubmissionLimits,
  SubmissionRefused,
  SUBMISSION_LIMITS,
} from './submission.ts';

/** What the queue needs from a checked envelope. */
export interface CheckedEnvelope {
  readonly envelope: SubmissionEnvelope;
  readonly mailFrom: string;
  readonly recipients: readonly QueueRecipientInput[];
  readonly dsn: MessageDsnParameters | undefined;
  readonly sendAt: Date;
  /** True when the client asked for a later release (HOLDFOR, HOLDUNTIL): it may be canceled until then. */
  readonly isScheduled: boolean;
}

/** ENVID is at most 100 characters (RFC 3461 §4.4); ORCPT's address 500. */
const MAX_ENVID = 100;
const MAX_ORCPT = 500;
const DSN_CONDITIONS = new Set(['SUCCESS', 'FAILURE', 'DELAY']);

function invalidEnvelope(message: string): SubmissionRefused {
  return new SubmissionRefused({ reason: 'invalidProperties', properties: ['envelope'] }, message);
}

/** RFC 8621 §7: the first address of Sender, else of From; the identity's address when not the account's. */
export function deriveEnvelope(
  email: Email,
  identityEmail: string,
  owned: ReadonlySet<string>,
): SubmissionEnvelope {
  const author = (email.sender[0] ?? email.from[0])?.address.toLowerCase();
  const mailFrom = author !== undefined && owned.has(author) ? author : identityEmail;
  const seen = new Set<string>();
  const rcptTo: SubmissionAddress[] = [];
  for (const address of [...email.to, ...email.cc, ...email.bcc]) {
    const key = address.address.toLowerCase();
    if (address.address === '' || seen.has(key)) continue;
    seen.add(key);
    rcptTo.push({ email: address.address, parameters: null });
  }
  return { mailFrom: { email: mailFrom, parameters: null }, rcptTo };
}

/** Parameters by upper-case name; a name given twice (in any case) is refused. */
function parametersOf(address: SubmissionAddress): Map<string, string | null> {
  const byName = new Map<string, string | null>();
  for (const [name, value] of Object.entries(address.parameters ?? {})) {
    const upper = name.toUpperCase();
    if (byName.has(upper)) throw invalidEnvelope(`parameter ${upper} given twice`);
    byName.set(upper, value);
  }
  return byName;
}

function releaseTime(
  parameters: Map<string, string | null>,
  nowMs: number,
): { at: number; isScheduled: boolean } {
  const holdFor = parameters.get('HOLDFOR');
  const holdUntil = parameters.get('HOLDUNTIL');
  if (holdFor !== undefined && holdUntil !== undefined)
    throw invalidEnvelope('HOLDFOR and HOLDUNTIL together');
  const maxMs = SUBMISSION_LIMITS.maxDelayedSendSeconds * 1000;
  let delayMs = 0;
  if (holdFor !== undefined) {
    if (holdFor === null || !/^\d{1,9}$/.test(holdFor))
      throw invalidEnvelope('HOLDFOR takes a number of seconds');
    delayMs = Number(holdFor) * 1000;
  } else if (holdUntil !== undefined) {
    const at = holdUntil === null ? Number.NaN : Date.parse(holdUntil);
    if (!/^\d{4}-\d\d-\d\dT/.test(holdUntil ?? '') || Number.isNaN(at))
      throw invalidEnvelope('HOLDUNTIL takes an RFC 3339 date-time');
    delayMs = Math.max(0, at - nowMs);
  }
  if (delayMs > maxMs) {
    throw invalidEnvelope(
      `a send may be delayed by at most ${SUBMISSION_LIMITS.maxDelayedSendSeconds} seconds`,
    );
  }
  return { at: nowMs + delayMs, isScheduled: holdFor !== undefined || holdUntil !== undefined };
}

function messageDsn(parameters: Map<string, string | null>): MessageDsnParameters | undefined {
  const ret = parameters.get('RET');
  const envid = parameters.get('ENVID');
  if (ret !== undefined && ret?.toUpperCase() !== 'FULL' && ret?.toUpperCase() !== 'HDRS')
    throw invalidEnvelope('RET is FULL or HDRS');
  if (envid !== undefined && (envid === null || envid.length > MAX_ENVID || !/^[\x21-\x7e]+$/.test(envid)))
    throw invalidEnvelope(`ENVID is 1 to ${MAX_ENVID} printable characters`);
  if (ret === undefined && envid === undefined) return undefined;
  return {
    ...(ret != null && { ret: ret.toUpperCase() === 'FULL' ? 'FULL' : 'HDRS' }),
    ...(envid != null && { envid }),
  };
}

const MAIL_PARAMETERS = new Set(['HOLDFOR', 'HOLDUNTIL', 'RET', 'ENVID', 'SMTPUTF8', 'BODY', 'SIZE']);
const RCPT_PARAMETERS = new Set(['NOTIFY', 'ORCPT']);

function checkKnown(parameters: Map<string, string | null>, known: ReadonlySet<string>): void {
  for (const name of parameters.keys()) {
    if (!known.has(name)) throw invalidEnvelope(`parameter ${name} is not supported`);
  }
  const body = parameters.get('BODY');
  if (body !== undefined && !['7BIT', '8BITMIME', 'BINARYMIME'].includes(body?.toUpperCase() ?? ''))
    throw invalidEnvelope('BODY is 7BIT, 8BITMIME or BINARYMIME');
  const size = parameters.get('SIZE');
  if (size !== undefined && (size === null || !/^\d{1,12}$/.test(size)))
    throw invalidEnvelope('SIZE is a number');
}

function recipientDsn(parameters: Map<string, string | null>): RecipientDsnParameters | undefined {
  const notify = parameters.get('NOTIFY');
  const orcpt = parameters.get('ORCPT');
  let conditions: ('NEVER' | 'SUCCESS' | 'FAILURE' | 'DELAY')[] | undefined;
  if (notify !== undefined) {
    const words = (notify ?? '').toUpperCase().split(',');
    const isNever = words.length === 1 && words[0] === 'NEVER';
    if (!isNever && !words.every((word) => DSN_CONDITIONS.has(word)))
      throw invalidEnvelope('NOTIFY is NEVER or a list of SUCCESS, FAILURE, DELAY');
    conditions = words as typeof conditions;
  }
  if (orcpt !== undefined && (orcpt === null || orcpt.length > MAX_ORCPT || !/^[^;\s]+;\S+$/.test(orcpt)))
    throw invalidEnvelope('ORCPT is addr-type;address');
  if (conditions === undefined && orcpt === undefined) return undefined;
  return { ...(conditions && { notify: conditions }), ...(orcpt != null && { orcpt }) };
}

/** Check `envelope` for an account owning `owned` (lower case); refusals are SubmissionRefused. */
export function checkEnvelope(
  envelope: SubmissionEnvelope,
  owned: ReadonlySet<string>,
  limits: SubmissionLimits,
  nowMs: number,
): CheckedEnvelope {
  const mailFromAddress = envelope.mailFrom.email.trim().toLowerCase();
  if (!owned.has(mailFromAddress)) {
    throw new SubmissionRefused(
      { reason: 'forbiddenMailFrom' },
      `this account may not send with the return path ${JSON.stringify(envelope.mailFrom.email.slice(0, 254))}`,
    );
  }
  const mailParameters = parametersOf(envelope.mailFrom);
  checkKnown(mailParameters, MAIL_PARAMETERS);
  const release = releaseTime(mailParameters, nowMs);
  const dsn = messageDsn(mailParameters);

  if (envelope.rcptTo.length === 0) {
    throw new SubmissionRefused({ reason: 'noRecipients' }, 'the envelope has no recipient');
  }
  if (envelope.rcptTo.length > limits.maxRecipients) {
    throw new SubmissionRefused(
      { reason: 'tooManyRecipients', maxRecipients: limits.maxRecipients },
      `at most ${limits.maxRecipients} recipients per message`,
    );
  }
  const invalid: string[] = [];
  const recipients: QueueRecipientInput[] = [];
  for (const rcpt of envelope.rcptTo) {
    const parameters = parametersOf(rcpt);
    checkKnown(parameters, RCPT_PARAMETERS);
    const rcptDsn = recipientDsn(parameters);
    try {
      const { address } = normaliseRecipient(rcpt.email);
      recipients.push(rcptDsn ? { address, dsn: rcptDsn } : { address });
    } catch {
      invalid.push(rcpt.email);
    }
  }
  if (invalid.length > 0) {
    throw new SubmissionRefused(
      { reason: 'invalidRecipients', invalidRecipients: invalid },
      `invalid recipient addresses: ${invalid.slice(0, 5).join(', ')}`,
    );
  }
  return {
    envelope,
    mailFrom: mailFromAddress,
    recipients,
    dsn,
    sendAt: new Date(release.at),
    isScheduled: release.isScheduled,
  };
}
