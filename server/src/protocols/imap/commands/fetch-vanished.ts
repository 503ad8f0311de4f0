// UID FETCH … (CHANGEDSINCE m VANISHED) (RFC 7162 §3.2.6): before the FETCH data, `* VANISHED (EARLIER) uids`
// names the UIDs of the set expunged since m, so a resynchronising client learns removals and changes in one
// round trip. The same computation as SELECT's QRESYNC (select.ts), limited to the UIDs the command names.

import type { CommandSession } from '../command.ts';
import type { SelectedMailbox } from '../selected-mailbox.ts';
import { SequenceSet } from '../wire/sequence-set.ts';

export async function sendVanishedEarlier(
  session: CommandSession,
  selected: SelectedMailbox,
  set: SequenceSet,
  since: bigint,
): Promise<void> {
  // Every real modseq is a safe integer: a larger one has nothing expunged after it.
  const modseq = since > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(since);
  // `*` is the highest UID the mailbox has given, not the last one left: UIDs expunged above it count too.
  const within = set.isSearchResult
    ? SequenceSet.fromNumbers(session.savedResult)
    : set.resolve(Math.max(1, selected.uidNext - 1));
  const vanished = await session.context.mail.vanishedSince(selected.accountId, selected.mailboxId, modseq);
  // A UID still in the snapshot is reported by the next refresh, after the client stops counting on it.
  const gone = vanished.isExact
    ? SequenceSet.fromNumbers(
        vanished.uids.filter((uid) => within.contains(uid) && selected.sequenceOf(uid) === 0),
      )
    : // Tombstones were pruned past m: every UID of the set not in the mailbox (RFC 7162 §3.2.5.1 allows it).
      absentUids(selected, within);
  if (!gone.isEmpty) await session.sendLine(`* VANISHED (EARLIER) ${gone.format()}`);
}

/** The UIDs of `within` below UIDNEXT that the snapshot does not hold: bounded by ranges and messages. */
function absentUids(selected: SelectedMailbox, within: SequenceSet): SequenceSet {
  const top = selected.uidNext - 1;
  const gaps: { start: number; end: number }[] = [];
  for (const range of within.ranges) {
    const end = Math.min(range.end, top);
    if (range.start > end) break;
    let next = range.start;
    for (const { entry } of selected.select(SequenceSet.fromRanges([{ start: range.start, end }]), true)) {
      if (entry.uid > next) gaps.push({ start: next, end: entry.uid - 1 });
      next = entry.uid + 1;
    }
    if (next <= end) gaps.push({ start: next, end });
  }
  return SequenceSet.fromRanges(gaps);
}
