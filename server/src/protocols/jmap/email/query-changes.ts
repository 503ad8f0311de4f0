// Email/queryChanges (RFC 8620 §5.6, RFC 8621 §4.5): the change log since the client's queryState, replayed
// against the query's current results. Every email that changed — with collapseThreads, every email of a thread
// that changed — is reported removed, and those in the results now are added back at their index: RFC 8620
// allows `removed` to hold ids that were never in the results. The four sort properties never change, so an
// email that did not change keeps its place among the others, and the client's list comes out exact.

import { z } from 'zod';
import type { MailService, MailType } from '#domain/mail';
import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, MAIL, parseState, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { MAX_CHANGES } from '../standard/changes.ts';
import { completeResults, type EmailSelectionQuery } from './complete-results.ts';
import { parseEmailFilter } from './email-filter-arguments.ts';
import { emailSortArgument, parseEmailSort } from './email-sort-arguments.ts';

const queryChangesArguments = z.strictObject({
  accountId: jmapId,
  filter: z.unknown().optional(),
  sort: emailSortArgument,
  sinceQueryState: z.string().max(64),
  maxChanges: unsignedInt.nullable().optional(),
  // Lets a server leave out changes past the client's cache when filter and sort are immutable; keywords and
  // mailboxes are not, and leaving nothing out is always right, so it is accepted and not used.
  upToId: jmapId.nullable().optional(),
  calculateTotal: z.boolean().optional(),
  collapseThreads: z.boolean().optional(),
});

export const emailQueryChanges = defineMethod({
  capability: MAIL,
  schema: queryChangesArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const filter = parseEmailFilter(args.filter);
    const sort = parseEmailSort(args.sort);
    const isCollapsed = args.collapseThreads === true;
    const selection: EmailSelectionQuery = {
      ...(filter === undefined ? {} : { filter }),
      ...(sort === undefined ? {} : { sort }),
      collapseThreads: isCollapsed,
    };
    const { mail } = context.services;
    const since = parseState(args.sinceQueryState);
    // Read first, as Email/query does: whatever changes from here on is replayed again next time.
    const newQueryState = await mail.state(accountId, 'Email');
    if (since === undefined || since > newQueryState)
      throw new MethodError(
        'cannotCalculateChanges',
        `${args.sinceQueryState.slice(0, 64)} is not an Email query state of this server`,
      );

    let removed: string[] = [];
    let added: { id: string; index: number }[] = [];
    let total: number | undefined;
    if ((await touchedEmails(mail, accountId, since, isCollapsed)).size === 0) {
      if (args.calculateTotal === true)
        total = (await mail.queryEmails(accountId, { ...selection, limit: 0, calculateTotal: true })).total;
    } else {
      const results = await completeResults(mail, accountId, selection);
      if (!results.isComplete)
        throw new MethodError('cannotCalculateChanges', 'too many results to place changes in: query again');
      // Read again after the query, so what changed while it ran is replayed against these very results.
      const touched = await touchedEmails(mail, accountId, since, isCollapsed);
      removed = [...touched];
      added = results.ids.flatMap((id, index) => (touched.has(id) ? [{ id, index }] : []));
      total = results.ids.length;
    }
    // RFC 8620 §5.6: each id of removed and of added is one change.
    if (
      args.maxChanges !== null &&
      args.maxChanges !== undefined &&
      removed.length + added.length > args.maxChanges
    )
      throw new MethodError('tooManyChanges', `more than ${args.maxChanges} changes: query again`);
    return {
      accountId,
      oldQueryState: args.sinceQueryState,
      newQueryState: String(newQueryState),
      removed,
      added,
      ...(args.calculateTotal === true ? { total } : {}),
    };
  },
});

/** Emails whose place in any result list may have changed since `since`. */
async function touchedEmails(
  mail: MailService,
  accountId: string,
  since: number,
  isCollapsed: boolean,
): Promise<Set<string>> {
  const emails = await changedIds(mail, accountId, 'Email', since);
  if (!isCollapsed || emails.size === 0) return emails;
  // Which email stands for a thread depends on its siblings: a change to one of them (or to the thread's list
  // of emails) can swap the thread's representative, so every email of such a thread is touched.
  const threads = await changedIds(mail, accountId, 'Thread', since);
  for (const email of await mail.getEmails(accountId, [...emails], [])) threads.add(email.threadId);
  for (const thread of await mail.getThreads(accountId, [...threads]))
    for (const id of thread.emailIds) emails.add(id);
  if (emails.size > MAX_CHANGES) throw tooManyToReplay();
  return emails;
}

/** Objects of `type` created, updated or destroyed since `since`, from one page of the change log. */
async function changedIds(
  mail: MailService,
  accountId: string,
  type: MailType,
  since: number,
): Promise<Set<string>> {
  const changes = await mail.changes(accountId, type, since, MAX_CHANGES);
  const ids = new Set([...changes.created, ...changes.updated, ...changes.destroyed]);
  // More than a page: replaying would cost more than the query it saves.
  if (changes.hasMoreChanges || ids.size > MAX_CHANGES) throw tooManyToReplay();
  return ids;
}

function tooManyToReplay(): MethodError {
  return new MethodError('cannotCalculateChanges', `more than ${MAX_CHANGES} emails changed: query again`);
}
