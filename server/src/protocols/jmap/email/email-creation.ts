// An Email/set create (RFC 8621 §4.6) read into a message to store: the header properties, one text and one
// HTML body from bodyValues, and attachments by blob id, composed as RFC 5322 with nodemailer's MailComposer
// (STACK.md). This is how the web app saves drafts. `bodyStructure` and free `headers` are refused with
// invalidProperties (the textBody/htmlBody/attachments form covers what clients send); custom fields are
// accepted as `header:Name:asText`.
// Security: every value is client input that becomes header text; CR, LF and other controls are refused.

import MailComposer from 'nodemailer/lib/mail-composer/index.js';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { MAIL_LIMITS, parseKeyword } from '#domain/mail';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { readBlob, type BlobMail } from '../blob/blob-read.ts';
import { idOrCreationReference } from '../standard/arguments.ts';
import { PatchRefused } from './email-patch.ts';

/** What a create becomes: the raw message and where it is filed. */
export interface EmailToStore {
  readonly raw: Uint8Array;
  readonly mailboxIds: readonly string[];
  readonly keywords: readonly string[];
  readonly receivedAt?: Date;
}

interface Address {
  readonly name: string | null;
  readonly email: string;
}

const ADDRESS_PROPERTIES = ['from', 'to', 'cc', 'bcc', 'replyTo', 'sender'] as const;
/** Fields the composer writes itself: a `header:` property may not set them. */
const COMPOSED_FIELDS = new Set([
  'from',
  'to',
  'cc',
  'bcc',
  'reply-to',
  'sender',
  'subject',
  'date',
  'message-id',
  'in-reply-to',
  'references',
  'mime-version',
  'content-type',
  'content-transfer-encoding',
  'content-disposition',
]);
const MAX_HEADER_VALUE = 998;
const MAX_ADDRESSES = 1000;
/** Controls (CR and LF above all) never reach a header. */
const CONTROL = /[\u0000-\u001f\u007f]/;
const FIELD_NAME = /^[!-9;-~]{1,76}$/;
const UTC_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?Z$/;
const DATE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})(?:\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/;
const WEEKDAYS = ['Sun', 'Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat'];
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

export async function emailToStore(
  input: Readonly<Record<string, unknown>>,
  context: {
    readonly mail: BlobMail;
    readonly accountId: string;
    readonly createdIds: ReadonlyMap<string, string>;
  },
): Promise<EmailToStore> {
  const bad: string[] = [];
  const fail = (property: string) => {
    bad.push(property);
    return undefined;
  };
  const options: Mail.Options = {};
  const headers: Record<string, string> = {};
  let mailboxIds: string[] = [];
  let keywords: string[] = [];
  let receivedAt: Date | undefined;
  let bodyValues: Readonly<Record<string, unknown>> = {};
  let textPart: unknown[] | undefined;
  let htmlPart: unknown[] | undefined;
  let attachmentParts: unknown[] = [];

  for (const [property, value] of Object.entries(input)) {
    if ((ADDRESS_PROPERTIES as readonly string[]).includes(property)) {
      const addresses = value === null ? [] : readAddresses(value);
      if (addresses === undefined) fail(property);
      else if (addresses.length > 0)
        setAddresses(options, property as (typeof ADDRESS_PROPERTIES)[number], addresses);
      continue;
    }
    if (property.startsWith('header:')) {
      const header = readHeaderProperty(property, value);
      if (header === undefined) fail(property);
      else if (header.value !== null) headers[header.name] = header.value;
      continue;
    }
    switch (property) {
      case 'mailboxIds': {
        const ids = readTrueSet(value)?.map((id) => resolveId(id, context.createdIds));
        if (ids === undefined || ids.length === 0 || ids.some((id) => id === undefined)) fail(property);
        else mailboxIds = ids as string[];
        break;
      }
      case 'keywords': {
        const names = readTrueSet(value);
        if (names === undefined) fail(property);
        else
          try {
            keywords = names.map(parseKeyword);
          } catch (error) {
            if (!(error instanceof DomainError)) throw error;
            fail(property);
          }
        break;
      }
      case 'receivedAt':
        if (typeof value === 'string' && UTC_DATE.test(value) && Number.isFinite(Date.parse(value)))
          receivedAt = new Date(value);
        else fail(property);
        break;
      case 'sentAt': {
        const date = typeof value === 'string' ? headerDate(value) : undefined;
        if (date !== undefined) options.date = date;
        else if (value !== null) fail(property);
        break;
      }
      case 'subject':
        if (typeof value === 'string' && !CONTROL.test(value) && value.length <= MAX_HEADER_VALUE * 4)
          options.subject = value;
        else if (value !== null) fail(property);
        break;
      case 'messageId': {
        const ids = readMessageIds(value);
        if (ids === undefined || ids.length > 1) fail(property);
        else if (ids.length === 1) options.messageId = `<${ids[0]}>`;
        break;
      }
      case 'inReplyTo':
      case 'references': {
        const ids = readMessageIds(value);
        if (ids === undefined) fail(property);
        else if (ids.length > 0) options[property] = ids.map((id) => `<${id}>`).join(' ');
        break;
      }
      case 'bodyValues':
        if (typeof value === 'object' && value !== null && !Array.isArray(value))
          bodyValues = value as Record<string, unknown>;
        else fail(property);
        break;
      case 'textBody':
      case 'htmlBody':
        if (Array.isArray(value) && value.length <= 1) {
          if (property === 'textBody') textPart = value;
          else htmlPart = value;
        } else fail(property);
        break;
      case 'attachments':
        if (Array.isArray(value) && value.length <= 256) attachmentParts = value;
        else fail(property);
        break;
      default:
        // id, blobId, threadId, size, preview, hasAttachment are the server's; bodyStructure and headers are
        // not offered (see the file comment).
        fail(property);
    }
  }
  if (mailboxIds.length === 0 && !bad.includes('mailboxIds')) bad.push('mailboxIds');

  const text = readBodyPart(textPart, 'text/plain', bodyValues);
  if (text === false) bad.push('textBody');
  const html = readBodyPart(htmlPart, 'text/html', bodyValues);
  if (html === false) bad.push('htmlBody');
  if (bad.length > 0) throw refused(bad);
  if (typeof text === 'string') options.text = text;
  if (typeof html === 'string') options.html = html;
  options.attachments = await readAttachments(attachmentParts, context);
  if (Object.keys(headers).length > 0) options.headers = headers;

  const composed = new MailComposer(options).compile();
  composed.keepBcc = true;
  const raw = await composed.build();
  if (raw.length > MAIL_LIMITS.maxMessageBytes)
    throw new PatchRefused({
      type: 'tooLarge',
      description: `messages are limited to ${MAIL_LIMITS.maxMessageBytes} bytes`,
    });
  return { raw, mailboxIds, keywords, ...(receivedAt === undefined ? {} : { receivedAt }) };
}

/**
 * A JMAP Date (RFC 3339 with the sender's offset) as an RFC 5322 Date field that keeps the offset, so the
 * email reads back with the same sentAt; undefined when it is not a real date.
 */
function headerDate(value: string): string | undefined {
  const match = DATE.exec(value);
  if (match === null || !Number.isFinite(Date.parse(value))) return undefined;
  const [, year, month, day, hour, minute, second, zone] = match;
  const local = new Date(Date.UTC(Number(year), Number(month) - 1, Number(day)));
  if (local.getUTCDate() !== Number(day)) return undefined;
  const offset = zone === 'Z' ? '+0000' : (zone ?? '').replace(':', '');
  return `${WEEKDAYS[local.getUTCDay()]}, ${Number(day)} ${MONTHS[Number(month) - 1]} ${year} ${hour}:${minute}:${second} ${offset}`;
}

function refused(properties: readonly string[]): PatchRefused {
  return new PatchRefused({
    type: 'invalidProperties',
    description: `cannot create an email with these properties: ${properties.join(', ')}`,
    properties,
  } satisfies JmapSetError);
}

function readTrueSet(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  const entries = Object.entries(value);
  return entries.every(([, item]) => item === true) ? entries.map(([key]) => key) : undefined;
}

function resolveId(id: string, createdIds: ReadonlyMap<string, string>): string | undefined {
  if (!idOrCreationReference.safeParse(id).success) return undefined;
  return id.startsWith('#') ? createdIds.get(id.slice(1)) : id;
}

function readAddresses(value: unknown): Address[] | undefined {
  if (!Array.isArray(value) || value.length > MAX_ADDRESSES) return undefined;
  const addresses: Address[] = [];
  for (const item of value) {
    if (typeof item !== 'object' || item === null) return undefined;
    const { name, email } = item as Record<string, unknown>;
    if (typeof email !== 'string' || !/^[^\s@<>",;]+@[^\s@<>",;]+$/.test(email) || email.length > 320)
      return undefined;
    if (
      name !== null &&
      name !== undefined &&
      (typeof name !== 'string' || CONTROL.test(name) || name.length > 256)
    )
      return undefined;
    addresses.push({ name: typeof name === 'string' ? name : null, email });
  }
  return addresses;
}

function setAddresses(
  options: Mail.Options,
  property: (typeof ADDRESS_PROPERTIES)[number],
  addresses: Address[],
) {
  const list = addresses.map((address) => ({ name: address.name ?? '', address: address.email }));
  const first = list[0];
  if (property === 'sender') {
    if (first !== undefined) options.sender = first;
    return;
  }
  options[property] = property === 'from' && list.length === 1 && first !== undefined ? first : list;
}

function readMessageIds(value: unknown): string[] | undefined {
  if (value === null) return [];
  if (!Array.isArray(value) || value.length > 500) return undefined;
  return value.every(
    (id) => typeof id === 'string' && /^[!-;=?-~]{1,250}@?[!-;=?-~]*$/.test(id) && id.includes('@'),
  )
    ? (value as string[])
    : undefined;
}

function readHeaderProperty(
  property: string,
  value: unknown,
): { name: string; value: string | null } | undefined {
  const match = /^header:([^:]+):asText$/.exec(property);
  const name = match?.[1];
  if (name === undefined || !FIELD_NAME.test(name) || COMPOSED_FIELDS.has(name.toLowerCase()))
    return undefined;
  if (value === null) return { name, value: null };
  if (typeof value !== 'string' || CONTROL.test(value) || value.length > MAX_HEADER_VALUE) return undefined;
  return { name, value };
}

/**
 * The text of a textBody or htmlBody (at most one part, of the right type, its value in bodyValues); undefined
 * when absent, false when invalid.
 */
function readBodyPart(
  parts: unknown[] | undefined,
  type: string,
  bodyValues: Readonly<Record<string, unknown>>,
): string | undefined | false {
  const [part] = parts ?? [];
  if (part === undefined) return undefined;
  if (typeof part !== 'object' || part === null) return false;
  const { partId, type: partType, charset } = part as Record<string, unknown>;
  if (typeof partId !== 'string' || (partType !== undefined && partType !== type)) return false;
  if (charset !== undefined && charset !== null && String(charset).toLowerCase() !== 'utf-8') return false;
  const value = bodyValues[partId];
  if (typeof value !== 'object' || value === null) return false;
  const { value: content, isTruncated, isEncodingProblem } = value as Record<string, unknown>;
  if (typeof content !== 'string' || isTruncated === true || isEncodingProblem === true) return false;
  return content;
}

async function readAttachments(
  parts: readonly unknown[],
  context: { readonly mail: BlobMail; readonly accountId: string },
): Promise<Mail.Attachment[]> {
  const attachments: Mail.Attachment[] = [];
  const missing: string[] = [];
  let total = 0;
  for (const part of parts) {
    if (typeof part !== 'object' || part === null) throw refused(['attachments']);
    const { blobId, type, name, disposition, cid } = part as Record<string, unknown>;
    const isValid =
      typeof blobId === 'string' &&
      (type === undefined || (typeof type === 'string' && /^[\w.+-]+\/[\w.+-]+$/.test(type))) &&
      (name === undefined ||
        name === null ||
        (typeof name === 'string' && !CONTROL.test(name) && name.length <= 255)) &&
      (disposition === undefined ||
        disposition === null ||
        disposition === 'attachment' ||
        disposition === 'inline') &&
      (cid === undefined || cid === null || (typeof cid === 'string' && /^[!-;=?-~]{1,250}$/.test(cid)));
    if (!isValid) throw refused(['attachments']);
    const content = await readBlob(context.mail, context.accountId, blobId);
    if (content === undefined) {
      missing.push(blobId);
      continue;
    }
    total += content.byteLength;
    if (total > MAIL_LIMITS.maxMessageBytes)
      throw new PatchRefused({
        type: 'tooLarge',
        description: 'the attachments are larger than a message may be',
      });
    attachments.push({
      content: Buffer.from(content.buffer, content.byteOffset, content.byteLength),
      ...(typeof type === 'string' ? { contentType: type } : {}),
      ...(typeof name === 'string' ? { filename: name } : { filename: false }),
      ...(disposition === 'inline'
        ? { contentDisposition: 'inline' as const }
        : { contentDisposition: 'attachment' as const }),
      ...(typeof cid === 'string' ? { cid } : {}),
    });
  }
  if (missing.length > 0)
    throw new PatchRefused({
      type: 'blobNotFound',
      description: `no blob ${missing.join(', ')} in this account`,
      notFound: missing,
    });
  return attachments;
}
