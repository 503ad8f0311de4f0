// Email/import (RFC 8621 §4.8): store messages the client already has as blobs (uploads, or blobs of this
// account's mail), each filed in mailboxIds with keywords and receivedAt. `#creationId` mailbox ids name
// mailboxes made earlier in the request. Each email succeeds or fails alone; blobs are read a batch at a time
// (bounded in bytes) and each batch is one durable transaction, as delivery does.

import type { JmapSetError } from '@vercors/contract';
import { z } from 'zod';
import type { DomainError } from '#core/errors';
import { type ImportRequest, MAIL_LIMITS } from '#domain/mail';
import { messageBlobId } from '../blob/blob-ids.ts';
import { readBlob } from '../blob/blob-read.ts';
import { defineMethod, type MethodContext } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { idOrCreationReference, jmapId, MAIL, requireAccount } from '../standard/arguments.ts';
import { orNull, startSet } from '../standard/set-arguments.ts';
import { isMessage, lastReceivedAt } from './message-blob.ts';

/**
 * Octets of messages held in memory and imported in one transaction: a few maximal uploads, so a 500-email
 * import neither holds gigabytes nor costs 500 fsyncs.
 */
const IMPORT_BATCH_BYTES = 64 * 1024 * 1024;

const EMAIL_IMPORT_PROPERTIES = new Set(['blobId', 'mailboxIds', 'keywords', 'receivedAt']);
/** RFC 8620 §1.4 UTCDate. */
const UTC_DATE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,9})?Z$/;

const emailImportArguments = z.strictObject({
  accountId: jmapId,
  ifInState: z.string().max(64).nullable().optional(),
  emails: z.record(jmapId, z.record(z.string(), z.unknown())),
});

/** An EmailImport object read: what the domain is asked for, or why not. */
interface ImportEntry {
  readonly blobId: string;
  readonly mailboxIds: readonly string[];
  readonly keywords: readonly string[];
  readonly receivedAt: Date | undefined;
}

class ImportRefused extends Error {
  readonly setError: JmapSetError;
  constructor(setError: JmapSetError) {
    super(setError.description);
    this.setError = setError;
  }
}

export const emailImport = defineMethod({
  capability: MAIL,
  schema: emailImportArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    const oldState = await startSet(
      { ifInState: args.ifInState, create: args.emails },
      'Email',
      accountId,
      context,
    );
    const created: Record<string, unknown> = {};
    const notCreated: Record<string, JmapSetError> = {};
    let batch: { creationId: string; request: ImportRequest }[] = [];
    let batchBytes = 0;

    const flush = async () => {
      if (batch.length === 0) return;
      const outcomes = await mail.importMessages(
        batch.map((item) => item.request),
        { isDurable: true },
      );
      for (const [index, { creationId }] of batch.entries()) {
        const outcome = outcomes[index];
        if (outcome === undefined) throw new Error('importMessages returned fewer outcomes than requests');
        if (!outcome.ok) {
          notCreated[creationId] = importSetError(outcome.error);
          continue;
        }
        const { emailId, threadId, size } = outcome.email;
        context.createdIds.set(creationId, emailId);
        created[creationId] = { id: emailId, blobId: messageBlobId(emailId), threadId, size };
      }
      batch = [];
      batchBytes = 0;
    };

    for (const [creationId, input] of Object.entries(args.emails)) {
      try {
        const entry = readEmailImport(input, context);
        const raw = await readBlob(mail, accountId, entry.blobId);
        if (raw === undefined)
          throw new ImportRefused({ type: 'blobNotFound', description: `no blob ${entry.blobId}` });
        if (raw.byteLength > MAIL_LIMITS.maxMessageBytes)
          throw new ImportRefused({
            type: 'tooLarge',
            description: `messages are limited to ${MAIL_LIMITS.maxMessageBytes} bytes`,
          });
        if (!isMessage(raw))
          throw new ImportRefused({
            type: 'invalidEmail',
            description: `blob ${entry.blobId} is not an RFC 5322 message (it does not start with a header field)`,
          });
        if (batchBytes + raw.byteLength > IMPORT_BATCH_BYTES || batch.length >= MAIL_LIMITS.maxImportBatch)
          await flush();
        const receivedAt = entry.receivedAt ?? lastReceivedAt(raw);
        batch.push({
          creationId,
          request: {
            accountId,
            raw,
            options: {
              mailboxIds: entry.mailboxIds,
              keywords: entry.keywords,
              ...(receivedAt === undefined ? {} : { receivedAt }),
            },
          },
        });
        batchBytes += raw.byteLength;
      } catch (error) {
        if (!(error instanceof ImportRefused)) throw error;
        notCreated[creationId] = error.setError;
      }
    }
    await flush();

    return {
      accountId,
      oldState,
      newState: String(await mail.state(accountId, 'Email')),
      created: orNull(created),
      notCreated: orNull(notCreated),
    };
  },
});

/** One EmailImport object, checked property by property (invalidProperties names the bad ones). */
function readEmailImport(input: Readonly<Record<string, unknown>>, context: MethodContext): ImportEntry {
  const unknown = Object.keys(input).filter((property) => !EMAIL_IMPORT_PROPERTIES.has(property));
  if (unknown.length > 0) throw invalidProperties(unknown, `unknown properties: ${unknown.join(', ')}`);
  const blobId = jmapId.safeParse(input.blobId);
  if (!blobId.success) throw invalidProperties(['blobId'], 'blobId must be a blob id');
  const mailboxIds = trueSet(input.mailboxIds);
  if (mailboxIds === undefined || mailboxIds.length === 0)
    throw invalidProperties(['mailboxIds'], 'mailboxIds must name at least one mailbox');
  const resolved = mailboxIds.map((id) => resolveMailboxId(id, context));
  if (resolved.some((id) => id === undefined))
    throw invalidProperties(
      ['mailboxIds'],
      'mailboxIds names a mailbox id or creation id that does not exist',
    );
  const keywords = input.keywords === undefined || input.keywords === null ? [] : trueSet(input.keywords);
  if (keywords === undefined)
    throw invalidProperties(['keywords'], 'keywords must be an object of true values');
  return {
    blobId: blobId.data,
    mailboxIds: resolved as string[],
    keywords,
    receivedAt: readReceivedAt(input.receivedAt),
  };
}

function readReceivedAt(value: unknown): Date | undefined {
  if (value === undefined || value === null) return undefined;
  const time = typeof value === 'string' && UTC_DATE.test(value) ? Date.parse(value) : Number.NaN;
  if (!Number.isFinite(time)) throw invalidProperties(['receivedAt'], 'receivedAt must be a UTCDate');
  return new Date(time);
}

/** The keys of an object whose values are all `true`, or undefined for anything else. */
function trueSet(value: unknown): string[] | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
  return Object.values(value).every((item) => item === true) ? Object.keys(value) : undefined;
}

/** A mailbox id, or `#creationId` of a mailbox created earlier in this request (RFC 8620 §5.3). */
function resolveMailboxId(id: string, context: MethodContext): string | undefined {
  if (!idOrCreationReference.safeParse(id).success) return undefined;
  return id.startsWith('#') ? context.createdIds.get(id.slice(1)) : id;
}

function invalidProperties(properties: string[], description: string): ImportRefused {
  return new ImportRefused({ type: 'invalidProperties', description, properties });
}

/** The SetError for an import the domain refused, named after the EmailImport property at fault. */
function importSetError(error: DomainError): JmapSetError {
  const { subject, reason } = error.details;
  const described = (type: JmapSetError['type'], properties?: string[]): JmapSetError => ({
    type,
    description: error.message,
    ...(properties === undefined ? {} : { properties }),
  });
  if (error.code === 'limit' && reason === 'tooManyKeywords') return described('tooManyKeywords');
  if (error.code === 'limit' && reason === 'tooManyMailboxes') return described('tooManyMailboxes');
  if (subject === 'keyword') return described('invalidProperties', ['keywords']);
  if (subject === 'mailbox' && (error.code === 'notFound' || error.code === 'invalid'))
    return described('invalidProperties', ['mailboxIds']);
  if (reason === 'invalidReceivedAt') return described('invalidProperties', ['receivedAt']);
  return setErrorFor(error);
}
