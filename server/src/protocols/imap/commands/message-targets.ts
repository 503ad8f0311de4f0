// What the message-changing commands (STORE, COPY, MOVE, UID EXPUNGE, APPEND) share: the messages a
// sequence set names in the selected mailbox (RFC 9051 §6.4.9, `$` of RFC 5182), the target mailbox of
// COPY/MOVE/APPEND, and client flags turned into store keywords.
// Security: a set is resolved against the session's snapshot (bounded by the mailbox's size, never by the
// numbers the set spans); flags are checked here, keywords by the mail domain.

import assert from 'node:assert/strict';
import { ParseError } from '#core/errors';
import type { MailboxViewEntry, UidMapping } from '#domain/mail';
import type { CommandSession } from '../command.ts';
import type { NamedMailbox } from '../mailbox-names.ts';
import { keywordOfFlag } from '../message-flags.ts';
import type { SelectedMailbox } from '../selected-mailbox.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import type { ResponseCode } from '../wire/encoder.ts';
import { copyUidCode } from '../wire/response-codes.ts';
import { SequenceSet } from '../wire/sequence-set.ts';
import { PARSE_ERRORS, printable } from '../wire/tokens.ts';

export interface TargetMessage {
  /** Sequence number in the snapshot when the command started. */
  readonly seq: number;
  readonly entry: MailboxViewEntry;
}

/**
 * COPYUID for a copy or move, ascending by source UID: its two lists pair up in this order (RFC 4315 §3).
 * Undefined when no message got a UID in the target, since COPYUID cannot be empty.
 */
export function copyUidOf(result: UidMapping): ResponseCode | undefined {
  const pairs = result.mapping.filter((pair) => pair.uid !== undefined && pair.targetUid > 0);
  if (pairs.length === 0) return undefined;
  return copyUidCode(
    result.uidValidity,
    pairs.map((pair) => pair.uid ?? 0),
    pairs.map((pair) => pair.targetUid),
  );
}

/** `sequence-set SP mailbox`: the arguments of COPY and MOVE. */
export interface TransferArguments {
  readonly set: SequenceSet;
  /** UTF-8, decoded from modified UTF-7 for a rev1 client. */
  readonly mailbox: string;
}

/** The selected mailbox of a command that only runs in the selected state. */
export function selectedOf(session: CommandSession): SelectedMailbox {
  const selected = session.selected;
  // The command table lets these commands run only in the selected state.
  assert(selected !== undefined, 'a selected-state command ran without a selected mailbox');
  return selected;
}

/**
 * The messages `set` names, ascending. A message number beyond EXISTS is the client's error: BAD, as RFC 9051
 * §9 asks (`*` too in an empty mailbox). UIDs that do not exist are simply left out (RFC 9051 §6.4.9).
 */
export function targetMessages(session: CommandSession, set: SequenceSet, isUid: boolean): TargetMessage[] {
  const selected = selectedOf(session);
  // `$` is kept as UIDs, so it names the same messages whatever expunges happened since the SEARCH.
  if (set.isSearchResult) return selected.select(SequenceSet.fromNumbers(session.savedResult), true);
  if (!isUid && !selected.isValidSequenceSet(set)) {
    const text = `Message number out of range: the mailbox has ${selected.exists} messages`;
    throw new ParseError(PARSE_ERRORS.syntax, text);
  }
  return selected.select(set, isUid);
}

export function parseTransfer(cursor: ArgumentCursor, session: CommandSession): TransferArguments {
  cursor.expectSpace();
  const set = cursor.expectSequenceSet(true);
  cursor.expectSpace();
  const mailbox = session.decodeName(cursor.expectMailbox('Target mailbox'));
  cursor.expectEnd();
  return { set, mailbox };
}

/** The mailbox a COPY, MOVE or APPEND names, or undefined: the caller answers NO [TRYCREATE]. */
export async function findMailbox(session: CommandSession, name: string): Promise<NamedMailbox | undefined> {
  return (await session.mailboxNames()).find(name);
}

/**
 * Store keywords for client flags: `\Seen` → `$seen`, keywords lower case. `\Recent` is dropped (nobody may set
 * it, RFC 3501 §2.3.2); any other unknown system flag is a BAD, as it cannot be stored as asked.
 */
export function keywordsOfFlags(flags: readonly string[]): string[] {
  const keywords: string[] = [];
  for (const flag of flags) {
    const keyword = keywordOfFlag(flag);
    if (keyword !== undefined) keywords.push(keyword);
    else if (flag.toLowerCase() !== '\\recent') {
      throw new ParseError(PARSE_ERRORS.syntax, `Unknown system flag ${printable(flag)}`);
    }
  }
  return keywords;
}

/** One array per distinct keyword set, as the store's views do: a 100k-message STORE keeps a few arrays. */
export function keywordInterner(): (keywords: readonly string[]) => readonly string[] {
  const known = new Map<string, readonly string[]>();
  return (keywords) => {
    const key = keywords.join(' ');
    const found = known.get(key);
    if (found !== undefined) return found;
    const frozen = Object.freeze([...keywords]);
    known.set(key, frozen);
    return frozen;
  };
}

/** Untagged lines in batches: a 100k-message STORE is written with back-pressure, not built whole. */
export async function sendLines(session: CommandSession, lines: Iterable<string>): Promise<void> {
  let batch: string[] = [];
  for (const line of lines) {
    batch.push(line);
    if (batch.length >= LINES_PER_WRITE) {
      await session.send(Buffer.from(`${batch.join('\r\n')}\r\n`, 'utf8'));
      batch = [];
    }
  }
  if (batch.length > 0) await session.send(Buffer.from(`${batch.join('\r\n')}\r\n`, 'utf8'));
}

/** About 50 KB of FETCH lines per socket write: large writes, bounded memory. */
const LINES_PER_WRITE = 1000;
