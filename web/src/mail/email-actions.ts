// What the toolbar and the shortcuts do to conversations: read or unread, flag, archive, delete, junk or not
// junk, move. In a folder a row is a conversation, so an action reaches the emails of its thread that are in
// that folder (what the person sees), found in one request (Thread/get, then Email/get by back-reference);
// the changes then go in one Email/set. In search results (all folders, `from` null) a row is one email, and a
// move takes it out of every folder it was in. Deleting from the trash destroys; elsewhere it moves there.

import type { JmapMailbox } from '@vercors/contract';
import { type JmapClient, ref } from '../jmap/jmap-client.ts';

/** An action that needs nothing but its name. */
export type SimpleAction = 'read' | 'unread' | 'flag' | 'unflag' | 'archive' | 'trash' | 'junk' | 'notJunk';

export type MailAction =
  | { readonly kind: SimpleAction }
  | { readonly kind: 'move'; readonly mailboxId: string };

/** Actions after which the conversation leaves the folder shown (and "Annuler" is offered). */
export const LEAVING: ReadonlySet<MailAction['kind']> = new Set([
  'archive',
  'trash',
  'junk',
  'notJunk',
  'move',
]);

/** One conversation row: its thread, and the email the row shows (the newest in the folder). */
export interface ActionTarget {
  readonly threadId: string;
  readonly emailId: string;
}

interface ThreadEmail {
  readonly id: string;
  readonly mailboxIds: Readonly<Record<string, true>>;
  readonly keywords: Readonly<Record<string, true>>;
}

/** Patches for Email/set `update`, and ids for `destroy`; empty when the action changes nothing. */
export interface EmailChanges {
  readonly update: Readonly<Record<string, Readonly<Record<string, unknown>>>>;
  readonly destroy: readonly string[];
}

/** Where an action sends mail, by role; undefined when the account has no such folder. */
function roleId(mailboxes: readonly JmapMailbox[], role: string): string | undefined {
  return mailboxes.find((mailbox) => mailbox.role === role)?.id;
}

/**
 * The changes `action` makes to `emails` (the targets' threads' emails) seen from folder `from`. Pure, so the
 * rules are tested without a server.
 */
export function changesFor(
  action: MailAction,
  emails: readonly ThreadEmail[],
  targets: readonly ActionTarget[],
  from: string | null,
  mailboxes: readonly JmapMailbox[],
): EmailChanges {
  const shown = new Set(targets.map((target) => target.emailId));
  const here = emails.filter((email) =>
    from === null ? shown.has(email.id) : email.mailboxIds[from] === true,
  );
  const update: Record<string, Record<string, unknown>> = {};
  const patch = (id: string, changes: Record<string, unknown>) => {
    update[id] = { ...update[id], ...changes };
  };
  const moveTo = (to: string | undefined, extra: Record<string, unknown> = {}) => {
    if (to === undefined) return;
    for (const email of here) {
      if (from === null) {
        const isThere = Object.keys(email.mailboxIds).length === 1 && email.mailboxIds[to] === true;
        patch(email.id, isThere ? extra : { mailboxIds: { [to]: true }, ...extra });
        continue;
      }
      patch(
        email.id,
        to === from ? extra : { [`mailboxIds/${from}`]: null, [`mailboxIds/${to}`]: true, ...extra },
      );
    }
  };
  switch (action.kind) {
    case 'read':
    case 'unread':
      for (const email of here) {
        const isSeen = email.keywords.$seen === true;
        if (action.kind === 'read' && !isSeen) patch(email.id, { 'keywords/$seen': true });
        if (action.kind === 'unread' && isSeen) patch(email.id, { 'keywords/$seen': null });
      }
      break;
    case 'flag':
      // The message the row shows carries the flag (the conversation shows flagged through it).
      for (const email of here) if (shown.has(email.id)) patch(email.id, { 'keywords/$flagged': true });
      break;
    case 'unflag':
      for (const email of here)
        if (email.keywords.$flagged === true) patch(email.id, { 'keywords/$flagged': null });
      break;
    case 'archive':
      moveTo(roleId(mailboxes, 'archive'));
      break;
    case 'trash': {
      const trash = roleId(mailboxes, 'trash');
      if (trash === undefined) break;
      const isInTrashOnly = (email: ThreadEmail) =>
        Object.keys(email.mailboxIds).length === 1 && email.mailboxIds[trash] === true;
      if (trash === from || (from === null && here.every(isInTrashOnly)))
        return { update: {}, destroy: here.map((email) => email.id) };
      moveTo(trash);
      break;
    }
    case 'junk':
      moveTo(roleId(mailboxes, 'junk'), { 'keywords/$junk': true, 'keywords/$notjunk': null });
      break;
    case 'notJunk':
      moveTo(roleId(mailboxes, 'inbox'), { 'keywords/$notjunk': true, 'keywords/$junk': null });
      break;
    case 'move':
      moveTo(action.mailboxId);
      break;
  }
  return { update, destroy: [] };
}

/**
 * The changes that put `emails` back as they were before `changes`, for "Annuler"; undefined when they
 * destroyed anything (a message deleted for good cannot come back).
 */
export function inverseOf(changes: EmailChanges, emails: readonly ThreadEmail[]): EmailChanges | undefined {
  if (changes.destroy.length > 0) return undefined;
  const before = new Map(emails.map((email) => [email.id, email]));
  const update: Record<string, Record<string, unknown>> = {};
  for (const [id, patch] of Object.entries(changes.update)) {
    const email = before.get(id);
    if (email === undefined) return undefined;
    const back: Record<string, unknown> = {};
    for (const path of Object.keys(patch)) {
      if (path === 'mailboxIds') back.mailboxIds = { ...email.mailboxIds };
      else if (path.startsWith('mailboxIds/'))
        back[path] = email.mailboxIds[path.slice('mailboxIds/'.length)] === true ? true : null;
      else if (path.startsWith('keywords/'))
        back[path] = email.keywords[path.slice('keywords/'.length)] === true ? true : null;
      else return undefined;
    }
    update[id] = back;
  }
  return { update, destroy: [] };
}

/** Apply changes in one Email/set; throws when the server refused any of them. */
export async function applyChanges(client: JmapClient, changes: EmailChanges): Promise<void> {
  if (Object.keys(changes.update).length === 0 && changes.destroy.length === 0) return;
  const result = await client.call([
    [
      'Email/set',
      {
        accountId: client.accountId,
        ...(Object.keys(changes.update).length > 0 && { update: changes.update }),
        ...(changes.destroy.length > 0 && { destroy: changes.destroy }),
      },
      's',
    ],
  ]);
  const set = result.get('s') as {
    notUpdated?: Record<string, unknown>;
    notDestroyed?: Record<string, unknown>;
  };
  const refused = Object.keys(set.notUpdated ?? {}).length + Object.keys(set.notDestroyed ?? {}).length;
  if (refused > 0) throw new Error(`${refused} message(s) could not be changed`);
}

/**
 * Run `action` on `targets` (conversations of folder `from`, or emails when null); resolves once applied,
 * with the changes that undo it (undefined when nothing changed or nothing can bring it back).
 */
export async function applyAction(
  client: JmapClient,
  action: MailAction,
  targets: readonly ActionTarget[],
  from: string | null,
  mailboxes: readonly JmapMailbox[],
): Promise<EmailChanges | undefined> {
  if (targets.length === 0) return undefined;
  const { accountId } = client;
  const found = await client.call([
    ['Thread/get', { accountId, ids: [...new Set(targets.map((target) => target.threadId))] }, 't'],
    [
      'Email/get',
      {
        accountId,
        '#ids': ref('t', 'Thread/get', '/list/*/emailIds'),
        properties: ['mailboxIds', 'keywords'],
      },
      'e',
    ],
  ]);
  const emails = (found.get('e') as { list: ThreadEmail[] }).list;
  const changes = changesFor(action, emails, targets, from, mailboxes);
  if (Object.keys(changes.update).length === 0 && changes.destroy.length === 0) return undefined;
  await applyChanges(client, changes);
  return inverseOf(changes, emails);
}
