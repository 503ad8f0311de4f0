// SELECT and EXAMINE (RFC 9051 §6.3.2-3, CONDSTORE and QRESYNC parameters of RFC 7162 §3.1.8 and §3.2.5).
// Grammar: SELECT SP mailbox [SP "(" select-param *(SP select-param) ")"]
//          select-param = "CONDSTORE" / "QRESYNC" SP "(" uidvalidity SP modseq [SP known-uids] ")"
// A failed SELECT leaves no mailbox selected (RFC 9051 §6.3.2).

import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { MAILBOX_FLAGS, PERMANENT_FLAGS, systemFlagsOf } from '../message-flags.ts';
import { SelectedMailbox } from '../selected-mailbox.ts';
import { HIERARCHY_DELIMITER } from '../session-limits.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import { SequenceSet } from '../wire/sequence-set.ts';

interface QresyncParameters {
  readonly uidValidity: number;
  readonly modseq: number;
  readonly knownUids: SequenceSet | undefined;
}

interface SelectArguments {
  readonly name: string;
  readonly condstore: boolean;
  readonly qresync: QresyncParameters | undefined;
}

function parseSelect(cursor: ArgumentCursor, session: CommandSession): SelectArguments {
  cursor.expectSpace();
  const name = session.decodeName(cursor.expectMailbox());
  let condstore = false;
  let qresync: QresyncParameters | undefined;
  if (cursor.peekChar() === ' ') {
    cursor.expectSpace();
    cursor.expectChar('(');
    while (!cursor.skip(')')) {
      if (condstore || qresync) cursor.expectSpace();
      const parameter = cursor.expectAtom('Select parameter').toUpperCase();
      if (parameter === 'CONDSTORE') condstore = true;
      else if (parameter === 'QRESYNC') qresync = parseQresync(cursor);
      else cursor.fail('CONDSTORE or QRESYNC');
    }
  }
  cursor.expectEnd();
  return { name, condstore, qresync };
}

function parseQresync(cursor: ArgumentCursor): QresyncParameters {
  cursor.expectSpace();
  cursor.expectChar('(');
  const uidValidity = cursor.expectNzNumber('UIDVALIDITY');
  cursor.expectSpace();
  const modseq = Number(cursor.expectAtom('Modseq'));
  if (!Number.isSafeInteger(modseq) || modseq < 0) cursor.fail('Modseq');
  let knownUids: SequenceSet | undefined;
  if (cursor.peekChar() === ' ') {
    cursor.expectSpace();
    knownUids = cursor.expectSequenceSet(false, 'Known UIDs');
    // The optional sequence match data only narrows what we send; we send exactly what changed instead.
    if (cursor.peekChar() === ' ') {
      cursor.expectSpace();
      cursor.readValue();
    }
  }
  cursor.expectChar(')');
  return { uidValidity, modseq, knownUids };
}

function selectCommand(name: 'SELECT' | 'EXAMINE'): ImapCommand<SelectArguments> {
  const isReadOnly = name === 'EXAMINE';
  return {
    name,
    states: ['authenticated', 'selected'],
    parse: parseSelect,
    async run(session, args) {
      const account = session.account;
      if (account === undefined) return no('Log in first');
      if (args.qresync && !session.enabled.has('QRESYNC'))
        return no('ENABLE QRESYNC first', { name: 'CLIENTBUG' });
      const wasSelected = session.selected !== undefined;
      session.select(undefined);
      if (wasSelected) await session.sendLine('* OK [CLOSED] Previous mailbox closed');
      const named = (await session.mailboxNames()).find(args.name);
      if (named === undefined) return no('No such mailbox', { name: 'NONEXISTENT' });
      if (args.condstore) session.enable('CONDSTORE');

      const selected = await SelectedMailbox.open(
        session.context.views,
        account.id,
        named.mailbox.id,
        isReadOnly,
      );
      await sendSelectData(session, selected, named.name);
      if (args.qresync && args.qresync.uidValidity === selected.uidValidity)
        await sendQresyncChanges(session, selected, args.qresync);
      session.select(selected);
      return ok(`${name} completed`, { name: isReadOnly ? 'READ-ONLY' : 'READ-WRITE' });
    },
  };
}

async function sendSelectData(
  session: CommandSession,
  selected: SelectedMailbox,
  name: string,
): Promise<void> {
  const isRev2 = session.enabled.has('IMAP4REV2');
  const lines = [
    `* ${selected.exists} EXISTS`,
    ...(isRev2 ? [] : ['* 0 RECENT']),
    `* FLAGS (${MAILBOX_FLAGS.join(' ')})`,
    `* OK [PERMANENTFLAGS (${selected.isReadOnly ? '' : PERMANENT_FLAGS.join(' ')})] Flags permitted`,
    `* OK [UIDVALIDITY ${selected.uidValidity}] UIDs valid`,
    `* OK [UIDNEXT ${selected.uidNext}] Predicted next UID`,
    `* OK [HIGHESTMODSEQ ${selected.highestModseq}] Highest`,
  ];
  const firstUnseen = selected.entries.findIndex((entry) => !entry.keywords.includes('$seen'));
  // RFC 3501 clients use UNSEEN to open the mailbox at the first unread message; RFC 9051 dropped it.
  if (!isRev2 && firstUnseen >= 0) lines.push(`* OK [UNSEEN ${firstUnseen + 1}] First unseen`);
  await session.send(Buffer.from(`${lines.join('\r\n')}\r\n`, 'latin1'));
  // RFC 9051 §6.3.2: a rev2 client gets the mailbox's LIST data, with its name as the server spells it.
  if (isRev2) {
    const writer = session.writer().untagged().atom('LIST').atom('()').string(HIERARCHY_DELIMITER);
    await session.send(writer.astring(name).endLine().finish());
  }
}

/** QRESYNC: what changed since the client's modseq, as VANISHED (EARLIER) and FETCH (RFC 7162 §3.2.5.1). */
async function sendQresyncChanges(
  session: CommandSession,
  selected: SelectedMailbox,
  known: QresyncParameters,
): Promise<void> {
  const { mail } = session.context;
  const vanished = await mail.vanishedSince(selected.accountId, selected.mailboxId, known.modseq);
  const gone = vanished.isExact
    ? SequenceSet.fromNumbers(
        vanished.uids.filter(
          (uid) => selected.sequenceOf(uid) === 0 && (known.knownUids?.contains(uid) ?? true),
        ),
      )
    : // Tombstones were pruned: every UID the client may know of that is not here (RFC 7162 §3.2.5.1 allows it).
      missingUids(
        selected.entries.map((entry) => entry.uid),
        known.knownUids ?? SequenceSet.fromRanges([{ start: 1, end: Math.max(1, selected.uidNext - 1) }]),
      );
  if (!gone.isEmpty) await session.sendLine(`* VANISHED (EARLIER) ${gone.format()}`);
  const changed = await mail.changedSince(selected.accountId, selected.mailboxId, known.modseq);
  const lines = changed.flatMap((entry) => {
    const seq = selected.sequenceOf(entry.uid);
    if (seq === 0) return [];
    const flags = selected.entries[seq - 1]?.keywords ?? entry.keywords;
    return [`* ${seq} FETCH (UID ${entry.uid} FLAGS (${flagsOf(flags)}) MODSEQ (${entry.modseq}))`];
  });
  if (lines.length > 0) await session.send(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'));
}

/** The UIDs of `within` that are not in `present` (ascending), as ranges: bounded by the mailbox's size. */
function missingUids(present: readonly number[], within: SequenceSet): SequenceSet {
  const gaps: { start: number; end: number }[] = [];
  let next = 1;
  for (const uid of present) {
    if (uid > next) gaps.push({ start: next, end: uid - 1 });
    next = uid + 1;
  }
  const last = within.ranges.at(-1)?.end ?? 0;
  if (Number.isFinite(last) && last >= next) gaps.push({ start: next, end: last });
  // Both lists ascend: one merge walk intersects them.
  const ranges: { start: number; end: number }[] = [];
  let g = 0;
  let w = 0;
  while (g < gaps.length && w < within.ranges.length) {
    const gap = gaps[g] ?? { start: 0, end: 0 };
    const range = within.ranges[w] ?? { start: 0, end: 0 };
    const start = Math.max(gap.start, range.start);
    const end = Math.min(gap.end, range.end);
    if (start <= end) ranges.push({ start, end });
    if (gap.end < range.end) g++;
    else w++;
  }
  return SequenceSet.fromRanges(ranges);
}

function flagsOf(keywords: readonly string[]): string {
  return systemFlagsOf(keywords).join(' ');
}

export const select = selectCommand('SELECT');
export const examine = selectCommand('EXAMINE');
