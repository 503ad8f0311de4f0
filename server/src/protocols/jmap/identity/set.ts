// Identity/set (RFC 8621 §6.3): create, update and destroy, each object on its own. An identity may only use
// one of the account's addresses (forbiddenFrom), `email` is immutable, and the primary address's identity
// cannot be destroyed (mayDelete false: forbidden). Bounds and checks of the fields are the domain's.

import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { IdentityAddress, SendingIdentityChanges } from '#domain/mail';
import { defineMethod } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { requireAccount } from '../standard/arguments.ts';
import {
  applySet,
  InvalidPatch,
  InvalidProperties,
  setArguments as standardSetArguments,
  startSet,
} from '../standard/set-arguments.ts';
import { notAsSent } from '../standard/set-fields.ts';
import { jmapIdentity, SUBMISSION } from './identity-object.ts';

const setArguments = z.strictObject(standardSetArguments);

/** RFC 8621 §4.1.2.3 EmailAddress; a missing name is null. */
const addressList = z
  .array(z.strictObject({ name: z.string().nullable().optional(), email: z.string() }))
  .nullable();

export const identitySet = defineMethod({
  capability: SUBMISSION,
  schema: setArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    const oldState = await startSet(args, 'Identity', accountId, context);

    const results = await applySet(args, {
      async create(creationId, input) {
        const fields = writableFields(input, true);
        if (fields.email === undefined) throw new InvalidProperties(['email'], 'an identity needs an email');
        const identity = await mail.createIdentity(accountId, { ...fields, email: fields.email });
        context.createdIds.set(creationId, identity.id);
        // The server-set properties, and any the client left out or the server changed (RFC 8620 §5.3).
        return notAsSent(jmapIdentity(identity), input, true);
      },
      async update(id, patch) {
        const identity = await mail.updateIdentity(accountId, id, writableFields(patch, false));
        const changed = notAsSent(jmapIdentity(identity), patch, false);
        return Object.keys(changed).length > 0 ? changed : null;
      },
      destroy: (id) => mail.destroyIdentity(accountId, id),
      refusal,
    });
    return {
      accountId,
      oldState,
      newState: String(await mail.state(accountId, 'Identity')),
      ...results,
    };
  },
});

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof DomainError) {
    const { reason, property } = error.details;
    if (reason === 'addressNotOwned') return { type: 'forbiddenFrom', description: error.message };
    if (reason === 'tooManyIdentities') return { type: 'overQuota', description: error.message };
    if (typeof property === 'string')
      return { type: 'invalidProperties', description: error.message, properties: [property] };
  }
  return setErrorFor(error, Object.keys(input));
}

/** The domain fields of a create or a patch; every bad property is reported at once. */
function writableFields(input: Readonly<Record<string, unknown>>, isCreate: boolean): SendingIdentityChanges {
  const bad: string[] = [];
  const fields: { -readonly [K in keyof SendingIdentityChanges]: SendingIdentityChanges[K] } = {};
  for (const [property, value] of Object.entries(input)) {
    if (!isCreate && property.includes('/'))
      throw new InvalidPatch(`${property}: identity properties are replaced whole, not patched inside`);
    switch (property) {
      case 'name':
      case 'email':
      case 'textSignature':
      case 'htmlSignature':
        if (typeof value === 'string') fields[property] = value;
        else bad.push(property);
        break;
      case 'replyTo':
      case 'bcc': {
        const parsed = addressList.safeParse(value);
        if (parsed.success) fields[property] = parsed.data?.map(toAddress) ?? null;
        else bad.push(property);
        break;
      }
      default:
        // Server-set (id, mayDelete) or unknown: not the client's to set.
        bad.push(property);
    }
  }
  if (bad.length > 0) throw new InvalidProperties(bad, `cannot set ${bad.join(', ')}`);
  return fields;
}

function toAddress(address: { name?: string | null | undefined; email: string }): IdentityAddress {
  return { name: address.name ?? null, email: address.email };
}
