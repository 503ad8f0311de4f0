// GETQUOTAROOT, GETQUOTA and SETQUOTA (RFC 9208 §4.1). One quota root per account, named "", holding every
// mailbox, with the STORAGE (in units of 1024 octets) and MESSAGE resources of the account's quota.
// Grammar: GETQUOTAROOT SP mailbox | GETQUOTA SP quota-root-name
//          SETQUOTA SP quota-root-name SP "(" [setquota-resource *(SP setquota-resource)] ")"
//          setquota-resource = resource-name SP resource-limit
// Quotas are set by administrators (the CLI), never by the user: SETQUOTA is parsed, then NO [NOPERM]; the
// QUOTASET capability is not offered.

import type { Quota } from '#domain/mail';
import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { readMailboxName } from '../mailbox-paths.ts';
import { encodeMailboxName } from '../wire/mailbox-name.ts';

const ROOT = '';
const KIB = 1024;

export const getQuotaRoot: ImapCommand<string> = {
  name: 'GETQUOTAROOT',
  states: ['authenticated', 'selected'],
  parse(cursor, session) {
    cursor.expectSpace();
    const name = readMailboxName(cursor, session);
    cursor.expectEnd();
    return name;
  },
  async run(session, name) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    const named = (await session.mailboxNames()).find(name);
    if (named === undefined) return no('No such mailbox', { name: 'NONEXISTENT' });
    const quota = await session.context.mail.getQuota(account.id);
    const writer = session
      .writer()
      .untagged()
      .atom('QUOTAROOT')
      .astring(encodeMailboxName(named.name, session));
    await session.send(writer.string(ROOT).endLine().finish());
    await sendQuota(session, quota);
    return ok('GETQUOTAROOT completed');
  },
};

export const getQuota: ImapCommand<string> = {
  name: 'GETQUOTA',
  states: ['authenticated', 'selected'],
  parse(cursor) {
    cursor.expectSpace();
    const root = cursor.expectAstring('Quota root');
    cursor.expectEnd();
    return root;
  },
  async run(session, root) {
    const account = session.account;
    if (account === undefined) return no('Log in first');
    if (root !== ROOT) return no('No such quota root', { name: 'NONEXISTENT' });
    await sendQuota(session, await session.context.mail.getQuota(account.id));
    return ok('GETQUOTA completed');
  },
};

export const setQuota: ImapCommand<undefined> = {
  name: 'SETQUOTA',
  states: ['authenticated', 'selected'],
  parse(cursor) {
    cursor.expectSpace();
    cursor.expectAstring('Quota root');
    cursor.expectSpace();
    cursor.expectList((item) => {
      item.expectAtom('Resource name');
      item.expectSpace();
      item.expectNumber64('Resource limit');
    }, 'Resource limits');
    cursor.expectEnd();
    return undefined;
  },
  run() {
    return Promise.resolve(no('Quotas are set by the administrator', { name: 'NOPERM' }));
  },
};

/**
 * `* QUOTA "" (STORAGE used limit MESSAGE used limit)`. Storage is in KiB: usage rounds up and the limit
 * down, so a full account never looks as if it had room left.
 */
async function sendQuota(session: CommandSession, quota: Quota): Promise<void> {
  const writer = session.writer().untagged().atom('QUOTA').string(ROOT).openList();
  writer
    .atom('STORAGE')
    .number(Math.ceil(quota.used.bytes / KIB))
    .number(Math.floor(quota.limit.bytes / KIB));
  writer.atom('MESSAGE').number(quota.used.messages).number(quota.limit.messages);
  await session.send(writer.closeList().endLine().finish());
}
