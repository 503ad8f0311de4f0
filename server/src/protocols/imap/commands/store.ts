// STORE and UID STORE (RFC 9051 §6.4.6, §6.4.9; UNCHANGEDSINCE and [MODIFIED] of CONDSTORE, RFC 7162 §3.1.3).
// Grammar: STORE SP sequence-set [SP "(" "UNCHANGEDSINCE" SP mod-sequence-valzer ")"] SP store-att-flags
//          store-att-flags = (["+" / "-"] "FLAGS" [".SILENT"]) SP (flag-list / (flag *(SP flag)))
// Keywords belong to the email (RFC 8621), so the store changes them in every mailbox holding it; this
// session's snapshot takes the new flags at once, and other sessions hear of them at their next refresh.
// Security: the set is resolved against the snapshot; flags are checked here and keywords by the mail domain.

import type { KeywordUpdate } from '#domain/mail';
import { no, ok, type CommandSession, type ImapCommand } from '../command.ts';
import { systemFlagsOf } from '../message-flags.ts';
import type { SelectedMailbox } from '../selected-mailbox.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import { highestModseqCode, modifiedCode } from '../wire/response-codes.ts';
import { SequenceSet } from '../wire/sequence-set.ts';
import { untaggedStatus } from '../wire/encoder.ts';
import {
  keywordInterner,
  keywordsOfFlags,
  selectedOf,
  sendLines,
  targetMessages,
  type TargetMessage,
} from './message-targets.ts';

type StoreMode = 'set' | 'add' | 'remove';

interface StoreArguments {
  readonly set: SequenceSet;
  /** CONDSTORE: leave alone (and report in [MODIFIED]) every message changed after this modseq. */
  readonly unchangedSince: number | undefined;
  readonly mode: StoreMode;
  readonly isSilent: boolean;
  readonly keywords: readonly string[];
}

const STORE_ITEM = /^([+-]?)FLAGS(\.SILENT)?$/;
const MODE_OF_SIGN: Readonly<Record<string, StoreMode>> = { '': 'set', '+': 'add', '-': 'remove' };

function parseStore(cursor: ArgumentCursor): StoreArguments {
  cursor.expectSpace();
  const set = cursor.expectSequenceSet(true);
  cursor.expectSpace();
  let unchangedSince: number | undefined;
  if (cursor.peekChar() === '(') {
    unchangedSince = parseModifiers(cursor);
    cursor.expectSpace();
  }
  const item = STORE_ITEM.exec(cursor.expectAtom('FLAGS, +FLAGS or -FLAGS').toUpperCase());
  if (item === null) cursor.fail('FLAGS, +FLAGS or -FLAGS (optionally .SILENT)');
  cursor.expectSpace();
  const flags: string[] = [];
  if (cursor.peekChar() === '(') flags.push(...cursor.expectFlagList());
  else {
    // RFC 9051 also allows the flags without parentheses: `STORE 1 +FLAGS \Seen \Flagged`.
    flags.push(cursor.expectFlag());
    while (cursor.skip(' ')) flags.push(cursor.expectFlag());
  }
  cursor.expectEnd();
  return {
    set,
    unchangedSince,
    mode: MODE_OF_SIGN[item[1] ?? ''] ?? 'set',
    isSilent: item[2] !== undefined,
    keywords: keywordsOfFlags(flags),
  };
}

/** store-modifiers = "(" store-modifier *(SP store-modifier) ")"; UNCHANGEDSINCE is the only one we know. */
function parseModifiers(cursor: ArgumentCursor): number {
  cursor.expectChar('(');
  cursor.expectKeyword(['UNCHANGEDSINCE'], 'Store modifier');
  cursor.expectSpace();
  const value = cursor.expectNumber64('UNCHANGEDSINCE modseq');
  cursor.expectChar(')');
  // Every real modseq is a safe integer: a larger bound means "unchanged since forever" either way.
  return value > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(value);
}

function storeCommand(isUid: boolean): ImapCommand<StoreArguments> {
  return {
    name: isUid ? 'UID STORE' : 'STORE',
    states: ['selected'],
    // Sequence numbers must keep their meaning until the reply; UID STORE may see expunges (RFC 9051 §7.5.1).
    usesSequenceNumbers: !isUid,
    parse: parseStore,
    async run(session, args) {
      const selected = selectedOf(session);
      const targets = targetMessages(session, args.set, isUid);
      if (args.unchangedSince !== undefined) await enableCondstore(session, selected);
      if (selected.isReadOnly) return no('The mailbox is read-only (EXAMINE)');
      if (targets.length === 0) return ok('STORE completed');

      const update = await changeKeywords(session, selected, targets, args);
      const modified = new Set(update.modified.map((email) => email.uid));
      recordUpdate(selected, update);
      await sendLines(
        session,
        fetchLines(session, selected, targets, { isUid, isSilent: args.isSilent, modified }),
      );
      if (modified.size === 0) return ok('STORE completed');
      // [MODIFIED] lists message numbers for STORE and UIDs for UID STORE (RFC 7162 §3.1.3).
      const skipped = targets.filter(({ entry }) => modified.has(entry.uid));
      const numbers = skipped.map(({ seq, entry }) => (isUid ? entry.uid : seq));
      return ok('Conditional STORE failed for some messages', modifiedCode(SequenceSet.fromNumbers(numbers)));
    },
  };
}

/**
 * UNCHANGEDSINCE enables CONDSTORE (RFC 7162 §3.1); the first enabling command in a selected mailbox is told
 * HIGHESTMODSEQ, so the client has a starting point for the MODSEQs that every FETCH now carries.
 */
async function enableCondstore(session: CommandSession, selected: SelectedMailbox): Promise<void> {
  if (session.enabled.has('CONDSTORE')) return;
  session.enable('CONDSTORE');
  const code = highestModseqCode(selected.highestModseq);
  await session.send(untaggedStatus('OK', 'CONDSTORE enabled', code));
}

function changeKeywords(
  session: CommandSession,
  selected: SelectedMailbox,
  targets: readonly TargetMessage[],
  args: StoreArguments,
): Promise<KeywordUpdate> {
  const { mail } = session.context;
  const selection = { mailboxId: selected.mailboxId, uids: targets.map(({ entry }) => entry.uid) };
  const options = args.unchangedSince === undefined ? {} : { ifUnchangedSince: args.unchangedSince };
  if (args.mode === 'add') return mail.addKeywords(selected.accountId, selection, args.keywords, options);
  if (args.mode === 'remove')
    return mail.removeKeywords(selected.accountId, selection, args.keywords, options);
  return mail.setKeywords(selected.accountId, selection, args.keywords, options);
}

/** The snapshot takes our own change, so refresh() does not report it a second time. */
function recordUpdate(selected: SelectedMailbox, update: KeywordUpdate): void {
  const { modseq } = update;
  if (modseq === undefined) return;
  const intern = keywordInterner();
  for (const email of update.updated) {
    if (email.uid !== undefined) selected.updateEntry(email.uid, intern(email.keywords), modseq);
  }
}

/**
 * `* n FETCH (...)` for each message the STORE applied to (changed or already as asked): FLAGS unless .SILENT;
 * UID for UID STORE and once CONDSTORE is on, with MODSEQ, which RFC 7162 §3.1.3 wants even with .SILENT.
 * Messages left alone by UNCHANGEDSINCE get no line here: the tagged [MODIFIED] names them.
 */
function* fetchLines(
  session: CommandSession,
  selected: SelectedMailbox,
  targets: readonly TargetMessage[],
  options: {
    readonly isUid: boolean;
    readonly isSilent: boolean;
    readonly modified: ReadonlySet<number | undefined>;
  },
): Generator<string> {
  const condstore = session.enabled.has('CONDSTORE');
  if (options.isSilent && !condstore) return;
  for (const { seq, entry } of targets) {
    if (options.modified.has(entry.uid)) continue;
    // updateEntry() replaced the entry with the stored flags; seq is still right: nothing was removed since.
    const current = selected.entries[seq - 1] ?? entry;
    const items: string[] = [];
    if (options.isUid || condstore) items.push(`UID ${current.uid}`);
    if (!options.isSilent) items.push(`FLAGS (${systemFlagsOf(current.keywords).join(' ')})`);
    if (condstore) items.push(`MODSEQ (${current.modseq})`);
    yield `* ${seq} FETCH (${items.join(' ')})`;
  }
}

export const store = storeCommand(false);
export const uidStore = storeCommand(true);
