// Email/set (RFC 8621 §4.6) for stored emails: keywords and mailboxes changed by update, emails destroyed.
// Keyword-only updates that ask for the same change are applied together (one transaction for "mark these
// 500 as read"); an update that moves an email is checked whole first (keywords valid, mailboxes exist), then
// applied, so a refusal leaves the email as it was. A create composes a message from the properties given
// (email-creation.ts) and stores it durably where mailboxIds say: how drafts are saved.

import { z } from 'zod';
import { MAIL_LIMITS } from '#domain/mail';
import type { JmapSetError } from '@vercors/contract';
import { messageBlobId } from '../blob/blob-ids.ts';
import { defineMethod, type MethodContext } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { MAIL, requireAccount } from '../standard/arguments.ts';
import { orNull, setArguments as standardSetArguments, startSet } from '../standard/set-arguments.ts';
import {
  applySetChange,
  type EmailPatch,
  PatchRefused,
  readEmailPatch,
  type SetChange,
} from './email-patch.ts';
import { emailToStore } from './email-creation.ts';

const setArguments = z.strictObject(standardSetArguments);

export const emailSet = defineMethod({
  capability: MAIL,
  schema: setArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail } = context.services;
    const oldState = await startSet(args, 'Email', accountId, context);

    const created: Record<string, unknown> = {};
    const notCreated: Record<string, JmapSetError> = {};
    for (const [creationId, input] of Object.entries(args.create ?? {})) {
      try {
        const email = await emailToStore(input, { mail, accountId, createdIds: context.createdIds });
        const stored = await mail.importMessage(accountId, email.raw, {
          mailboxIds: email.mailboxIds,
          keywords: email.keywords,
          ...(email.receivedAt === undefined ? {} : { receivedAt: email.receivedAt }),
          isDurable: true,
        });
        context.createdIds.set(creationId, stored.emailId);
        created[creationId] = {
          id: stored.emailId,
          blobId: messageBlobId(stored.emailId),
          threadId: stored.threadId,
          size: stored.size,
        };
      } catch (error) {
        notCreated[creationId] =
          error instanceof PatchRefused ? error.setError : setErrorFor(error, Object.keys(input));
      }
    }

    const { updated, notUpdated } = await applyUpdates(accountId, args.update ?? {}, context);

    const destroyed: string[] = [];
    const notDestroyed: Record<string, JmapSetError> = {};
    const toDestroy = [...new Set(args.destroy ?? [])];
    if (toDestroy.length > 0) {
      const result = await mail.destroyEmails(accountId, toDestroy);
      destroyed.push(...result.destroyed);
      for (const id of result.notFound)
        notDestroyed[id] = { type: 'notFound', description: `no email ${id}` };
    }

    return {
      accountId,
      oldState,
      newState: String(await mail.state(accountId, 'Email')),
      created: orNull(created),
      updated: orNull(updated),
      destroyed: destroyed.length > 0 ? destroyed : null,
      notCreated: orNull(notCreated),
      notUpdated: orNull(notUpdated),
      notDestroyed: orNull(notDestroyed),
    };
  },
});

async function applyUpdates(
  accountId: string,
  updates: Readonly<Record<string, Readonly<Record<string, unknown>>>>,
  context: MethodContext,
): Promise<{ updated: Record<string, null>; notUpdated: Record<string, JmapSetError> }> {
  const { mail } = context.services;
  const updated: Record<string, null> = {};
  const notUpdated: Record<string, JmapSetError> = {};
  const patches = new Map<string, EmailPatch>();
  for (const [id, patch] of Object.entries(updates)) {
    try {
      patches.set(id, readEmailPatch(patch));
    } catch (error) {
      if (error instanceof PatchRefused) notUpdated[id] = error.setError;
      else throw error;
    }
  }

  // Keyword additions and removals shared by several emails: one domain call for each group.
  const byChange = new Map<string, { change: SetChange; ids: string[] }>();
  const alone: [string, EmailPatch][] = [];
  for (const [id, patch] of patches) {
    if (
      patch.mailboxIds === undefined &&
      patch.keywords !== undefined &&
      patch.keywords.whole === undefined
    ) {
      const key = JSON.stringify([[...patch.keywords.add].sort(), [...patch.keywords.remove].sort()]);
      const group = byChange.get(key) ?? { change: patch.keywords, ids: [] };
      group.ids.push(id);
      byChange.set(key, group);
    } else alone.push([id, patch]);
  }
  for (const { change, ids } of byChange.values()) {
    try {
      const found = new Set(ids);
      if (change.add.length > 0) {
        const result = await mail.addKeywords(accountId, { emailIds: ids }, change.add);
        for (const id of result.notFound) found.delete(id);
      }
      if (change.remove.length > 0) {
        const result = await mail.removeKeywords(accountId, { emailIds: ids }, change.remove);
        for (const id of result.notFound) found.delete(id);
      }
      for (const id of ids) {
        if (found.has(id)) updated[id] = null;
        else notUpdated[id] = { type: 'notFound', description: `no email ${id}` };
      }
    } catch (error) {
      for (const id of ids) notUpdated[id] = setErrorFor(error, ['keywords']);
    }
  }

  for (const [id, patch] of alone) {
    try {
      await applyOne(accountId, id, patch, context);
      updated[id] = null;
    } catch (error) {
      notUpdated[id] =
        error instanceof PatchRefused ? error.setError : setErrorFor(error, Object.keys(updates[id] ?? {}));
    }
  }
  return { updated, notUpdated };
}

/** One email's keywords and mailboxes, checked before anything is written. */
async function applyOne(accountId: string, emailId: string, patch: EmailPatch, context: MethodContext) {
  const { mail } = context.services;
  const [email] = await mail.getEmails(accountId, [emailId], ['mailboxUids']);
  if (email === undefined) throw new PatchRefused({ type: 'notFound', description: `no email ${emailId}` });

  let mailboxIds: string[] | undefined;
  if (patch.mailboxIds !== undefined) {
    mailboxIds = applySetChange(Object.keys(email.mailboxUids ?? {}), patch.mailboxIds);
    if (mailboxIds.length === 0)
      throw new PatchRefused({
        type: 'invalidProperties',
        description: 'an email must stay in at least one mailbox',
        properties: ['mailboxIds'],
      });
    const existing = new Set((await mail.listMailboxes(accountId)).map((mailbox) => mailbox.id));
    const unknown = mailboxIds.filter((id) => !existing.has(id));
    if (unknown.length > 0)
      throw new PatchRefused({
        type: 'invalidProperties',
        description: `no mailbox ${unknown.join(', ')}`,
        properties: unknown.map((id) => `mailboxIds/${id}`),
      });
  }
  const keywords = patch.keywords === undefined ? undefined : applySetChange(email.keywords, patch.keywords);
  if (keywords !== undefined && keywords.length > MAIL_LIMITS.maxKeywordsPerEmail)
    throw new PatchRefused({
      type: 'tooManyKeywords',
      description: `at most ${MAIL_LIMITS.maxKeywordsPerEmail} keywords per email`,
    });
  if (mailboxIds !== undefined) await mail.setMailboxes(accountId, emailId, mailboxIds);
  if (keywords !== undefined) {
    const current = new Set(email.keywords);
    if (keywords.length !== current.size || keywords.some((keyword) => !current.has(keyword)))
      await mail.setKeywords(accountId, { emailIds: [emailId] }, keywords);
  }
}
