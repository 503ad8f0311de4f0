// The special-use mailboxes every account has (inbox, drafts, sent, archive, junk, trash), named in the
// account's language: created inside the account-creation transaction (identity's onAccountsCreated hook),
// and added later to accounts that predate them or lost one (idempotent).

import type { Insertable } from 'kysely';
import type { Locale } from '@vercors/contract';
import { newId } from '#core/ids';
import type { MailboxesTable, WriteTransaction } from '#store';
import { lockAccount } from './account-lock.ts';
import type { MailContext } from './mail-context.ts';
import { inChunks } from './mail-limits.ts';
import { MAIL_MESSAGES } from './mail-messages.ts';
import { DEFAULT_MAILBOX_ROLES, type Mailbox } from './mailbox.ts';
import { toMailbox } from './mailbox-rows.ts';
import { clockUidValidity, takeUidValidities } from './uid-validity.ts';

type DefaultRole = (typeof DEFAULT_MAILBOX_ROLES)[number];

/** What the hook needs of a new account (identity's Account has these fields). */
export interface NewMailAccount {
  readonly id: string;
  readonly locale: Locale;
}

/** Gaps in the default sort orders leave room for the user's own mailboxes in between. */
const SORT_ORDER_STEP = 10;
/** Rows per mailbox INSERT: 20 columns each, far below the bound-parameter limits. */
const MAILBOX_INSERT_CHUNK = 50;

export function defaultMailboxName(role: DefaultRole, locale: Locale): string {
  return MAIL_MESSAGES.t(locale, `mailbox.${role}`);
}

function defaultRow(
  accountId: string,
  role: DefaultRole,
  name: string,
  uidValidity: number,
  modseq: number,
  now: number,
): Insertable<MailboxesTable> {
  return {
    id: newId('b'),
    account_id: accountId,
    parent_id: null,
    name,
    role,
    colour: null,
    sort_order: (DEFAULT_MAILBOX_ROLES.indexOf(role) + 1) * SORT_ORDER_STEP,
    is_subscribed: 1,
    uid_validity: uidValidity,
    uid_next: 1,
    highest_modseq: modseq,
    created_at: now,
    updated_at: now,
  };
}

/**
 * Create the default mailboxes of accounts created in this transaction (they have none yet). Runs inside
 * identity's account-creation transaction, so an account never exists without its inbox.
 */
export async function createDefaultMailboxes(
  context: MailContext,
  tx: WriteTransaction,
  accounts: readonly NewMailAccount[],
): Promise<void> {
  const now = context.clock.nowMs();
  // A new account has no UIDVALIDITY yet: the clock's, then consecutive values for the rest of the set.
  const firstUidValidity = clockUidValidity(now, DEFAULT_MAILBOX_ROLES.length);
  const rows: Insertable<MailboxesTable>[] = [];
  for (const account of accounts) {
    for (const [index, role] of DEFAULT_MAILBOX_ROLES.entries()) {
      const name = defaultMailboxName(role, account.locale);
      const row = defaultRow(account.id, role, name, firstUidValidity + index, 0, now);
      row.highest_modseq = await tx.recordChange(account.id, 'Mailbox', row.id as string, 'created');
      rows.push(row);
    }
  }
  const lastUidValidity = firstUidValidity + DEFAULT_MAILBOX_ROLES.length - 1;
  for (const part of inChunks(accounts, MAILBOX_INSERT_CHUNK)) {
    await tx.db
      .insertInto('mail_accounts')
      .values(part.map((account) => ({ account_id: account.id, last_uid_validity: lastUidValidity })))
      .execute();
  }
  for (const part of inChunks(rows, MAILBOX_INSERT_CHUNK))
    await tx.db.insertInto('mailboxes').values(part).execute();
}

/**
 * Give the account every default mailbox it lacks; returns those created (none when it has them all). A root
 * mailbox that already carries the default name without a role takes the role instead of a twin being made.
 */
export async function ensureDefaultMailboxes(
  context: MailContext,
  accountId: string,
): Promise<readonly Mailbox[]> {
  // Every login asks (IMAP, JMAP): an account that has them all needs no write transaction, only this read.
  const present = await context.database.db
    .selectFrom('mailboxes')
    .select('role')
    .where('account_id', '=', accountId)
    .where('role', 'is not', null)
    .execute();
  const presentRoles = new Set(present.map((row) => row.role));
  if (DEFAULT_MAILBOX_ROLES.every((role) => presentRoles.has(role))) return [];
  const created = await context.database.write(async (tx) => {
    const account = await lockAccount(context, tx, accountId);
    const existing = await tx.db
      .selectFrom('mailboxes')
      .select(['id', 'name', 'role', 'parent_id'])
      .where('account_id', '=', accountId)
      .execute();
    const roles = new Set(existing.map((row) => row.role));
    const missing = DEFAULT_MAILBOX_ROLES.filter((role) => !roles.has(role));
    if (missing.length === 0) return [];
    const now = context.clock.nowMs();
    const rootNames = new Map(existing.filter((row) => row.parent_id === null).map((row) => [row.name, row]));
    const touchedIds: string[] = [];
    const newRows: Insertable<MailboxesTable>[] = [];
    let uidValidity = await takeUidValidities(tx, accountId, missing.length, now);
    for (const role of missing) {
      const name = defaultMailboxName(role, account.locale);
      const namesake = rootNames.get(name);
      if (namesake !== undefined && namesake.role === null) {
        // Adopt the user's own mailbox of that name rather than making a confusing twin.
        await tx.db
          .updateTable('mailboxes')
          .set({ role, updated_at: now })
          .where('id', '=', namesake.id)
          .execute();
        await tx.recordChange(accountId, 'Mailbox', namesake.id, 'updated');
        touchedIds.push(namesake.id);
        continue;
      }
      const freeName = namesake === undefined ? name : uniqueName(name, rootNames);
      const row = defaultRow(accountId, role, freeName, uidValidity, 0, now);
      uidValidity += 1;
      row.highest_modseq = await tx.recordChange(accountId, 'Mailbox', row.id as string, 'created');
      newRows.push(row);
      rootNames.set(freeName, { id: row.id as string, name: freeName, role, parent_id: null });
      touchedIds.push(row.id as string);
    }
    if (newRows.length > 0) await tx.db.insertInto('mailboxes').values(newRows).execute();
    return await tx.db.selectFrom('mailboxes').selectAll().where('id', 'in', touchedIds).execute();
  });
  if (created.length > 0) {
    context.log.info(
      { event: 'mailboxes.defaults', accountId, count: created.length },
      'default mailboxes added',
    );
  }
  return created.map(toMailbox);
}

/** "Envoyés (2)", "Envoyés (3)"…: the first name no root mailbox has. */
function uniqueName(name: string, taken: ReadonlyMap<string, unknown>): string {
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!taken.has(candidate)) return candidate;
  }
}
