// EmailSubmission/set (RFC 8621 §7.5): create sends a message (now, or at the FUTURERELEASE time its envelope
// asks for), update may only cancel a pending send (undoStatus → canceled), destroy forgets the record without
// touching its deliveries. After them, one implicit Email/set applies onSuccessUpdateEmail and
// onSuccessDestroyEmail to the emails of the submissions that succeeded (moving the draft to Sent, or
// destroying it), its response following this one's.

import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { type NewEmailSubmission, SubmissionRefused } from '#domain/submission';
import { MAX_ID_LENGTH } from '../jmap-limits.ts';
import { defineMethod, type MethodContext } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { SUBMISSION } from '../identity/identity-object.ts';
import { idOrCreationReference, requireAccount } from '../standard/arguments.ts';
import {
  applySet,
  InvalidProperties,
  setArguments as standardSetArguments,
  startSet,
} from '../standard/set-arguments.ts';
import { jmapSubmission } from './submission-object.ts';

const setArguments = z.strictObject({
  ...standardSetArguments,
  onSuccessUpdateEmail: z
    .record(idOrCreationReference, z.record(z.string(), z.unknown()))
    .nullable()
    .optional(),
  onSuccessDestroyEmail: z.array(idOrCreationReference).max(500).nullable().optional(),
});

/** RFC 5321 paths are at most 256 octets; parameters are short keywords and values. */
const address = z.strictObject({
  email: z.string().max(256),
  parameters: z.record(z.string().min(1).max(64), z.string().max(1000).nullable()).nullable().optional(),
});
const envelopeSchema = z.strictObject({ mailFrom: address, rcptTo: z.array(address).max(100_000) });

const WRITABLE = new Set(['identityId', 'emailId', 'envelope']);

export const emailSubmissionSet = defineMethod({
  capability: SUBMISSION,
  schema: setArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail, submission } = context.services;
    const oldState = await startSet(args, 'EmailSubmission', accountId, context);
    /** The email of each submission this call created, updated or destroyed. */
    const succeeded = new Map<string, string>();

    const results = await applySet(args, {
      async create(creationId, input) {
        const created = await submission.createSubmission(accountId, newSubmission(input, context));
        context.createdIds.set(creationId, created.id);
        succeeded.set(created.id, created.emailId);
        const { id, threadId, sendAt, undoStatus, deliveryStatus, dsnBlobIds, mdnBlobIds, envelope } =
          jmapSubmission(created);
        const serverSet = { id, threadId, sendAt, undoStatus, deliveryStatus, dsnBlobIds, mdnBlobIds };
        return Object.hasOwn(input, 'envelope') && input.envelope !== null
          ? serverSet
          : { ...serverSet, envelope };
      },
      async update(id, patch) {
        const properties = Object.keys(patch);
        const bad = properties.filter((property) => property !== 'undoStatus');
        if (bad.length > 0 || patch.undoStatus !== 'canceled')
          throw new InvalidProperties(
            bad.length > 0 ? bad : ['undoStatus'],
            'only undoStatus may change, and only to canceled',
          );
        const canceled = await submission.cancelSubmission(accountId, id);
        succeeded.set(canceled.id, canceled.emailId);
        return { deliveryStatus: jmapSubmission(canceled).deliveryStatus };
      },
      async destroy(id) {
        const [record] = await submission.getSubmissions(accountId, [id]);
        await submission.destroySubmission(accountId, id);
        if (record !== undefined) succeeded.set(record.id, record.emailId);
      },
      refusal,
    });

    const emailSet = implicitEmailSet(args, succeeded, context);
    if (emailSet !== undefined) context.callAfter('Email/set', { accountId, ...emailSet });
    return {
      accountId,
      oldState,
      newState: String(await mail.state(accountId, 'EmailSubmission')),
      ...results,
    };
  },
});

/** An id, or `#creationId` of an object created earlier in this request; undefined when unknown. */
function resolveId(value: unknown, context: MethodContext): string | undefined {
  if (typeof value !== 'string' || value.length === 0 || value.length > MAX_ID_LENGTH + 1) return undefined;
  if (value.startsWith('#')) return context.createdIds.get(value.slice(1));
  return /^[A-Za-z0-9_-]+$/.test(value) ? value : undefined;
}

function newSubmission(input: Readonly<Record<string, unknown>>, context: MethodContext): NewEmailSubmission {
  const bad = Object.keys(input).filter((property) => !WRITABLE.has(property));
  const identityId = resolveId(input.identityId, context);
  const emailId = resolveId(input.emailId, context);
  if (identityId === undefined) bad.push('identityId');
  if (emailId === undefined) bad.push('emailId');
  const envelope =
    input.envelope === undefined || input.envelope === null ? null : envelopeSchema.safeParse(input.envelope);
  if (envelope !== null && !envelope.success) bad.push('envelope');
  if (bad.length > 0 || identityId === undefined || emailId === undefined)
    throw new InvalidProperties(bad, `invalid or server-set properties: ${bad.join(', ')}`);
  return {
    identityId,
    emailId,
    envelope:
      envelope?.success === true
        ? {
            mailFrom: {
              email: envelope.data.mailFrom.email,
              parameters: envelope.data.mailFrom.parameters ?? null,
            },
            rcptTo: envelope.data.rcptTo.map((rcpt) => ({
              email: rcpt.email,
              parameters: rcpt.parameters ?? null,
            })),
          }
        : null,
  };
}

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof SubmissionRefused) {
    const { refusal: refused } = error;
    const description = error.message;
    switch (refused.reason) {
      case 'invalidProperties':
        return { type: 'invalidProperties', description, properties: refused.properties };
      case 'invalidEmail':
        return { type: 'invalidEmail', description, properties: refused.properties };
      case 'tooLarge':
        return { type: 'tooLarge', description, maxSize: refused.maxSize };
      case 'tooManyRecipients':
        return { type: 'tooManyRecipients', description, maxRecipients: refused.maxRecipients };
      case 'invalidRecipients':
        return { type: 'invalidRecipients', description, invalidRecipients: refused.invalidRecipients };
      default:
        return { type: refused.reason, description };
    }
  }
  if (error instanceof DomainError && error.code === 'notFound')
    return { type: 'notFound', description: error.message };
  return setErrorFor(error, Object.keys(input));
}

/**
 * RFC 8621 §7.5: the Email/set the onSuccess arguments ask for, for the submissions that succeeded in this
 * call (a `#creationId` key names one created here); undefined when there is nothing to do.
 */
function implicitEmailSet(
  args: {
    onSuccessUpdateEmail?: Readonly<Record<string, Record<string, unknown>>> | null | undefined;
    onSuccessDestroyEmail?: readonly string[] | null | undefined;
  },
  succeeded: ReadonlyMap<string, string>,
  context: MethodContext,
): { update?: Record<string, Record<string, unknown>>; destroy?: string[] } | undefined {
  const emailOf = (key: string) => {
    const id = key.startsWith('#') ? context.createdIds.get(key.slice(1)) : key;
    return id === undefined ? undefined : succeeded.get(id);
  };
  const update: Record<string, Record<string, unknown>> = {};
  for (const [key, patch] of Object.entries(args.onSuccessUpdateEmail ?? {})) {
    const emailId = emailOf(key);
    if (emailId !== undefined) update[emailId] = { ...update[emailId], ...patch };
  }
  const destroy = [...new Set((args.onSuccessDestroyEmail ?? []).flatMap((key) => emailOf(key) ?? []))];
  for (const emailId of destroy) delete update[emailId];
  const hasUpdate = Object.keys(update).length > 0;
  if (!hasUpdate && destroy.length === 0) return undefined;
  return { ...(hasUpdate && { update }), ...(destroy.length > 0 && { destroy }) };
}
