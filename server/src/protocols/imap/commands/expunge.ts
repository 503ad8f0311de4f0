// EXPUNGE (RFC 9051 §6.4.3) and UID EXPUNGE (RFC 4315 §2.1, RFC 9051 §6.4.9).
// Grammar: EXPUNGE | UID EXPUNGE SP sequence-set
// Removes the messages flagged \Deleted (UID EXPUNGE: only those of the set), then reports them before the
// tagged OK as `* n EXPUNGE`, or VANISHED once QRESYNC is on (RFC 7162 §3.2.10).
// Security: only UIDs of the selected mailbox that carry \Deleted reach the store; never in EXAMINE.

import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import type { SequenceSet } from '../wire/sequence-set.ts';
import { highestModseqCode } from '../wire/response-codes.ts';
import { selectedOf, targetMessages } from './message-targets.ts';

const DELETED = '$deleted';

function expungeCommand(isUid: boolean): ImapCommand<SequenceSet | undefined> {
  return {
    name: isUid ? 'UID EXPUNGE' : 'EXPUNGE',
    states: ['selected'],
    parse(cursor) {
      if (!isUid) {
        cursor.expectEnd();
        return undefined;
      }
      cursor.expectSpace();
      const set = cursor.expectSequenceSet(true, 'UID set');
      cursor.expectEnd();
      return set;
    },
    async run(session, set) {
      const selected = selectedOf(session);
      if (selected.isReadOnly) return no('The mailbox is read-only (EXAMINE)');
      // Flags as they are now, not as last reported: a message another session undeleted must survive.
      // EXPUNGE takes no message numbers, so the pending changes (expunges too) may go out first.
      if (selected.isStale) await session.refresh({ allowExpunge: true });
      const candidates =
        set === undefined ? selected.entries : targetMessages(session, set, true).map((t) => t.entry);
      const uids = candidates.filter((entry) => entry.keywords.includes(DELETED)).map((entry) => entry.uid);
      if (uids.length > 0) {
        await session.context.mail.expunge(selected.accountId, selected.mailboxId, uids);
        // The change event marked the snapshot stale: this sends the EXPUNGE (or VANISHED) lines now.
        await session.refresh({ allowExpunge: true });
      }
      return completed(session);
    },
  };
}

/** Once CONDSTORE is on, the tagged OK carries the new HIGHESTMODSEQ, which the expunges raised (RFC 7162). */
function completed(session: CommandSession) {
  const selected = session.selected;
  if (!session.enabled.has('CONDSTORE') || selected === undefined) return ok('EXPUNGE completed');
  return ok('EXPUNGE completed', highestModseqCode(selected.highestModseq));
}

export const expunge = expungeCommand(false);
export const uidExpunge = expungeCommand(true);
