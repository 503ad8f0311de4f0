// Mailbox/set (RFC 8621 §2.5): create, update and destroy, in that order, each object on its own (one refusal
// never stops the others). `parentId` may name a mailbox created earlier in the request (`#creationId`).
// `onDestroyRemoveEmails` removes the emails of a destroyed mailbox (those left in none are destroyed).

import { z } from 'zod';
import { MAILBOX_ROLES, type MailboxChanges, type MailboxRole, type NewMailbox } from '#domain/mail';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { defineMethod, type MethodContext } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { idOrCreationReference, MAIL, requireAccount } from '../standard/arguments.ts';
import {
  applySet,
  InvalidProperties,
  setArguments as standardSetArguments,
  startSet,
} from '../standard/set-arguments.ts';
import { jmapMailbox } from './mailbox-object.ts';

const setArguments = z.strictObject({
  ...standardSetArguments,
  onDestroyRemoveEmails: z.boolean().optional(),
});

/** The property a domain refusal is about, from its reason (#domain/mail mailbox-fields.ts, mailbox-tree.ts). */
const PROPERTY_OF_REASON: Readonly<Record<string, string>> = {
  emptyName: 'name',
  separatorInName: 'name',
  controlCharacter: 'name',
  surroundingSpaces: 'name',
  nameTooLong: 'name',
  invalidColour: 'color',
  invalidSortOrder: 'sortOrder',
  unknownRole: 'role',
  inboxRoleRequired: 'role',
  parentCycle: 'parentId',
  tooDeep: 'parentId',
  inboxAtRoot: 'parentId',
};

export const mailboxSet = defineMethod({
  capability: MAIL,
  schema: setArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    const oldState = await startSet(args, 'Mailbox', accountId, context);

    const results = await applySet(args, {
      async create(creationId, input) {
        const mailbox = await mail.createMailbox(accountId, newMailbox(input, context));
        context.createdIds.set(creationId, mailbox.id);
        const shown = jmapMailbox(mailbox);
        return {
          id: shown.id,
          totalEmails: shown.totalEmails,
          unreadEmails: shown.unreadEmails,
          totalThreads: shown.totalThreads,
          unreadThreads: shown.unreadThreads,
          myRights: shown.myRights,
          isSubscribed: shown.isSubscribed,
          sortOrder: shown.sortOrder,
        };
      },
      async update(id, patch) {
        await mail.updateMailbox(accountId, id, mailboxChanges(patch, context));
        return null;
      },
      destroy: (id) =>
        mail.destroyMailbox(accountId, id, { removeEmails: args.onDestroyRemoveEmails === true }),
      refusal,
    });
    return {
      accountId,
      oldState,
      newState: String(await mail.state(accountId, 'Mailbox')),
      ...results,
    };
  },
});

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof DomainError && error.code === 'notFound' && error.details.subject === 'mailbox') {
    // The parent named in the input does not exist: a property problem, not a missing object.
    const parent = input.parentId;
    if (typeof parent === 'string' && error.details.name === parent)
      return { type: 'invalidProperties', description: error.message, properties: ['parentId'] };
  }
  if (error instanceof DomainError && error.details.reason === 'inboxRequired')
    return { type: 'forbidden', description: 'the inbox cannot be destroyed' };
  if (error instanceof DomainError) {
    const property = PROPERTY_OF_REASON[String(error.details.reason)];
    if (property !== undefined)
      return { type: 'invalidProperties', description: error.message, properties: [property] };
  }
  return setErrorFor(error, Object.keys(input));
}

function newMailbox(input: Readonly<Record<string, unknown>>, context: MethodContext): NewMailbox {
  const fields = writableFields(input, context);
  if (fields.name === undefined) throw new InvalidProperties(['name'], 'a mailbox needs a name');
  return { ...fields, name: fields.name };
}

function mailboxChanges(patch: Readonly<Record<string, unknown>>, context: MethodContext): MailboxChanges {
  return writableFields(patch, context);
}

/** The domain fields of a create or a patch; every bad property is reported at once. */
function writableFields(input: Readonly<Record<string, unknown>>, context: MethodContext): MailboxChanges {
  const bad: string[] = [];
  const fields: { -readonly [K in keyof MailboxChanges]: MailboxChanges[K] } = {};
  for (const [property, value] of Object.entries(input)) {
    switch (property) {
      case 'name':
        if (typeof value === 'string') fields.name = value;
        else bad.push(property);
        break;
      case 'parentId': {
        const parent = value === null ? null : parentIdOf(value, context);
        if (parent === undefined) bad.push(property);
        else fields.parentId = parent;
        break;
      }
      case 'role':
        if (
          value === null ||
          (typeof value === 'string' && (MAILBOX_ROLES as readonly string[]).includes(value))
        )
          fields.role = value as MailboxRole | null;
        else bad.push(property);
        break;
      case 'sortOrder':
        if (typeof value === 'number' && Number.isInteger(value) && value >= 0 && value < 2 ** 31)
          fields.sortOrder = value;
        else bad.push(property);
        break;
      case 'isSubscribed':
        if (typeof value === 'boolean') fields.isSubscribed = value;
        else bad.push(property);
        break;
      case 'color':
        if (value === null || typeof value === 'string') fields.colour = value;
        else bad.push(property);
        break;
      default:
        // Server-set (id, counts, myRights) or unknown: not the client's to set.
        bad.push(property);
    }
  }
  if (bad.length > 0) throw new InvalidProperties(bad, `cannot set ${bad.join(', ')}`);
  return fields;
}

function parentIdOf(value: unknown, context: MethodContext): string | undefined {
  const parsed = idOrCreationReference.safeParse(value);
  if (!parsed.success) return undefined;
  if (!parsed.data.startsWith('#')) return parsed.data;
  return context.createdIds.get(parsed.data.slice(1));
}
