// COPY and UID COPY (RFC 9051 §6.4.7, §6.4.9; COPYUID of RFC 4315 §3). Grammar: COPY SP sequence-set SP mailbox
// An email is in a mailbox at most once (DATA-MODEL §2): copying a message where it already is maps it to the
// UID it has there, and COPYUID says so. Allowed from a read-only (EXAMINE) mailbox: the source is unchanged.
// Security: the set is resolved against the snapshot; the target is one of the account's own mailboxes.

import { no, ok, type ImapCommand } from '../command.ts';
import {
  copyUidOf,
  findMailbox,
  parseTransfer,
  selectedOf,
  targetMessages,
  type TransferArguments,
} from './message-targets.ts';

function copyCommand(isUid: boolean): ImapCommand<TransferArguments> {
  return {
    name: isUid ? 'UID COPY' : 'COPY',
    states: ['selected'],
    usesSequenceNumbers: !isUid,
    parse: parseTransfer,
    async run(session, args) {
      const selected = selectedOf(session);
      const targets = targetMessages(session, args.set, isUid);
      // RFC 9051 §6.4.7: a missing target is NO [TRYCREATE], even when there is nothing to copy.
      const target = await findMailbox(session, args.mailbox);
      if (target === undefined) return no('No such mailbox', { name: 'TRYCREATE' });
      // Nothing named (UIDs that no longer exist): success, and no COPYUID, which cannot be empty.
      if (targets.length === 0) return ok('COPY completed');

      const uids = targets.map(({ entry }) => entry.uid);
      const result = await session.context.mail.copyEmails(
        selected.accountId,
        { mailboxId: selected.mailboxId, uids },
        target.mailbox.id,
      );
      return ok('COPY completed', copyUidOf(result));
    },
  };
}

export const copy = copyCommand(false);
export const uidCopy = copyCommand(true);
