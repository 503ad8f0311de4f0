// MOVE and UID MOVE (RFC 6851, RFC 9051 §6.4.8-9). Grammar: MOVE SP sequence-set SP mailbox
// One store transaction copies and expunges (no window where the message is in both or neither). The client
// hears, in this order (RFC 6851, with UIDPLUS): `* OK [COPYUID ...]`, the expunges (EXPUNGE, or VANISHED once QRESYNC is
// on), then the tagged OK. A move to the selected mailbox itself leaves each message where it is, under the
// same UID (an email is in a mailbox at most once): COPYUID maps each UID to itself and nothing is expunged.
// Security: the set is resolved against the snapshot; the target is one of the account's own mailboxes.

import { no, ok, type ImapCommand } from '../command.ts';
import { untaggedStatus } from '../wire/encoder.ts';
import { highestModseqCode } from '../wire/response-codes.ts';
import {
  copyUidOf,
  findMailbox,
  parseTransfer,
  selectedOf,
  targetMessages,
  type TransferArguments,
} from './message-targets.ts';

function moveCommand(isUid: boolean): ImapCommand<TransferArguments> {
  return {
    name: isUid ? 'UID MOVE' : 'MOVE',
    states: ['selected'],
    // MOVE sends its own expunges, at the point RFC 6851 allows them; nothing else may move numbers meanwhile.
    usesSequenceNumbers: !isUid,
    parse: parseTransfer,
    async run(session, args) {
      const selected = selectedOf(session);
      const targets = targetMessages(session, args.set, isUid);
      // Moving out expunges from the source, which EXAMINE forbids.
      if (selected.isReadOnly) return no('The mailbox is read-only (EXAMINE)');
      const target = await findMailbox(session, args.mailbox);
      if (target === undefined) return no('No such mailbox', { name: 'TRYCREATE' });
      if (targets.length === 0) return ok('MOVE completed');

      const uids = targets.map(({ entry }) => entry.uid);
      const result = await session.context.mail.moveEmails(
        selected.accountId,
        { mailboxId: selected.mailboxId, uids },
        target.mailbox.id,
      );
      // COPYUID goes untagged, before the expunges, since the tagged OK comes after them (RFC 6851).
      const code = copyUidOf(result);
      if (code !== undefined) await session.send(untaggedStatus('OK', 'Moved', code));
      try {
        // The move's change event marked the snapshot stale: this sends the expunges of the moved messages.
        await session.refresh({ allowExpunge: true });
      } catch (error) {
        // The move is committed: a NO now would tell the client it failed. The expunges go out at the next
        // refresh instead (the snapshot is still stale).
        session.context.log.warn({ err: error, session: session.id }, 'imap refresh after MOVE failed');
        selected.markStale();
      }
      // Once CONDSTORE is on, the client learns the mailbox's new HIGHESTMODSEQ (the expunges raised it).
      if (!session.enabled.has('CONDSTORE')) return ok('MOVE completed');
      return ok('MOVE completed', highestModseqCode(selected.highestModseq));
    },
  };
}

export const move = moveCommand(false);
export const uidMove = moveCommand(true);
