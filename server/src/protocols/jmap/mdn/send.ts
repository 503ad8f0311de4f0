// MDN/send (RFC 9007 §2.1): read receipts for emails of the account, from one of its identities. Each MDN is
// sent or refused alone (notSent: invalidProperties, notFound, mdnAlreadySent, forbiddenFrom, tooLarge); an
// identity that is not the account's fails the call (invalidArguments). The server sets $mdnsent itself on
// each email it sent a receipt for, so every successful MDN/send does set the keyword, as RFC 9007 §2.1
// requires; onSuccessUpdateEmail is then applied as one implicit Email/set whose response follows this one's.

import { isDeepStrictEqual } from 'node:util';
import type { JmapSetError } from '@vercors/contract';
import { z } from 'zod';
import { MdnRefused, MDN_LIMITS, type NewMdn } from '#domain/mdn';
import { MAX_ID_LENGTH } from '../jmap-limits.ts';
import { defineMethod, type MethodContext } from '../method-context.ts';
import { MethodError, setErrorFor } from '../method-error.ts';
import { jmapId, requireAccount } from '../standard/arguments.ts';
import { orNull } from '../standard/set-arguments.ts';
import { jmapMdn, MDN, newMdn, newMdnSchema } from './mdn-object.ts';

const sendArguments = z.strictObject({
  accountId: jmapId,
  identityId: jmapId,
  send: z.record(jmapId, z.record(z.string(), z.unknown())),
  onSuccessUpdateEmail: z
    .record(
      z
        .string()
        .max(MAX_ID_LENGTH + 1)
        .regex(/^#[A-Za-z0-9_-]+$/, 'a key is `#` and the creation id of an MDN of `send`'),
      z.record(z.string(), z.unknown()),
    )
    .nullable()
    .optional(),
});

/** A refusal of the MDN's shape, before the domain sees it. */
class InvalidShape extends Error {
  readonly properties: readonly string[];
  constructor(properties: readonly string[]) {
    super(`invalid properties: ${properties.join(', ')}`);
    this.properties = properties;
  }
}

export const mdnSend = defineMethod({
  capability: MDN,
  schema: sendArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const creationIds = Object.keys(args.send);
    if (creationIds.length > MDN_LIMITS.maxPerCall)
      throw new MethodError('requestTooLarge', `at most ${MDN_LIMITS.maxPerCall} MDNs per MDN/send`);
    for (const key of Object.keys(args.onSuccessUpdateEmail ?? {})) {
      if (!Object.hasOwn(args.send, key.slice(1)))
        throw new MethodError('invalidArguments', `onSuccessUpdateEmail: ${key} names no MDN of send`);
    }

    // Shapes first: only well-formed MDNs reach the domain, in one batch (one identity lookup)
    const refused = new Map<string, JmapSetError>();
    const accepted: { creationId: string; input: Record<string, unknown>; mdn: NewMdn }[] = [];
    for (const creationId of creationIds) {
      const input = args.send[creationId] as Record<string, unknown>;
      try {
        accepted.push({ creationId, input, mdn: wellFormed(input, context) });
      } catch (error) {
        refused.set(creationId, refusal(error));
      }
    }
    const outcomes = await context.services.mdn.sendMdns(
      accountId,
      args.identityId,
      accepted.map((entry) => entry.mdn),
    );

    const sent: Record<string, Record<string, unknown>> = {};
    /** Creation id → the email its MDN was sent for. */
    const sentFor = new Map<string, string>();
    outcomes.forEach((outcome, index) => {
      const { creationId, input } = accepted[index] as (typeof accepted)[number];
      if (!outcome.ok) {
        refused.set(creationId, refusal(outcome.error));
        return;
      }
      sent[creationId] = notGiven({ ...jmapMdn(outcome.mdn) }, input);
      sentFor.set(creationId, outcome.mdn.forEmailId as string);
    });

    const update = implicitUpdate(args.onSuccessUpdateEmail, sentFor);
    if (update !== undefined) context.callAfter('Email/set', { accountId, update });
    // notSent in the client's order, whichever step refused.
    const notSent = Object.fromEntries(
      creationIds.flatMap((id) => (refused.has(id) ? [[id, refused.get(id)]] : [])),
    );
    return { accountId, sent: orNull(sent), notSent: orNull(notSent) };
  },
});

/** The domain's input for one MDN of `send`, or InvalidShape naming what is malformed. */
function wellFormed(input: Record<string, unknown>, context: MethodContext): NewMdn {
  const parsed = newMdnSchema.safeParse(input);
  if (!parsed.success) {
    const properties = new Set<string>();
    for (const issue of parsed.error.issues) {
      if (issue.code === 'unrecognized_keys') for (const key of issue.keys) properties.add(key);
      else properties.add(String(issue.path[0] ?? 'forEmailId'));
    }
    throw new InvalidShape([...properties].sort());
  }
  const reference = parsed.data.forEmailId;
  const forEmailId = reference.startsWith('#') ? context.createdIds.get(reference.slice(1)) : reference;
  // An unknown creation id names no email: RFC 9007's notFound.
  if (forEmailId === undefined) throw new MdnRefused({ reason: 'notFound' }, `no email ${reference}`);
  return newMdn(parsed.data, forEmailId);
}

function refusal(error: unknown): JmapSetError {
  if (error instanceof InvalidShape)
    return { type: 'invalidProperties', description: error.message, properties: error.properties };
  if (error instanceof MdnRefused) {
    const { refusal: refused } = error;
    const description = error.message;
    switch (refused.reason) {
      case 'invalidProperties':
        return { type: 'invalidProperties', description, properties: refused.properties };
      case 'tooLarge':
        return { type: 'tooLarge', description, maxSize: refused.maxSize };
      default:
        return { type: refused.reason, description };
    }
  }
  return setErrorFor(error);
}

/**
 * RFC 9007 §2.1: `sent` holds what the client did not set, or the server set otherwise (a default, the
 * server-set properties, an email id resolved from `#creationId`).
 */
function notGiven(mdn: Record<string, unknown>, input: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(
    Object.entries(mdn).filter(
      ([property, value]) => !Object.hasOwn(input, property) || !isDeepStrictEqual(input[property], value),
    ),
  );
}

/** The implicit Email/set's update: each `#creationId` patch on the email its MDN was sent for. */
function implicitUpdate(
  onSuccess: Readonly<Record<string, Record<string, unknown>>> | null | undefined,
  sentFor: ReadonlyMap<string, string>,
): Record<string, Record<string, unknown>> | undefined {
  const update: Record<string, Record<string, unknown>> = {};
  for (const [key, patch] of Object.entries(onSuccess ?? {})) {
    const emailId = sentFor.get(key.slice(1));
    if (emailId !== undefined) update[emailId] = { ...update[emailId], ...patch };
  }
  return Object.keys(update).length > 0 ? update : undefined;
}
