// What a session knows of its selected mailbox (docs/decisions/0007-imap-server.md): the messages in UID order
// as they were last reported to the client — sequence number n is entries[n - 1] — and the modseq up to
// which the client has been told. The list is a version shared with the other sessions of this process
// (mailbox-views.ts). refresh() turns what changed between the session's version and the current one into the
// untagged responses RFC 9051 §7 allows at that point, and only then moves the session on, so the client's
// numbering and ours never drift apart.

import type { MailboxViewEntry } from '#domain/mail';
import { lowerBound, type MailboxViews, sequenceIn, type ViewVersion } from './mailbox-views.ts';
import { systemFlagsOf } from './message-flags.ts';
import type { SequenceSet } from './wire/sequence-set.ts';
import { formatOrderedNumbers } from './wire/sequence-set.ts';

export interface RefreshOptions {
  /** EXPUNGE may be sent now (not while a sequence-number command runs: RFC 9051 §7.5.1). */
  readonly allowExpunge: boolean;
  /** The client enabled CONDSTORE: flag updates carry MODSEQ (RFC 7162 §3.1.4). */
  readonly condstore: boolean;
  /** The client enabled QRESYNC: VANISHED instead of EXPUNGE, and UID in flag updates (RFC 7162 §3.2.10). */
  readonly qresync: boolean;
}

/** Own changes remembered between two refreshes (updateEntry); a STORE's targets share one modseq. */
const MAX_OWN_MODSEQS = 64;

export class SelectedMailbox {
  readonly accountId: string;
  readonly mailboxId: string;
  readonly isReadOnly: boolean;
  /** What the client has been told, shared with the other sessions at the same version. */
  #version: ViewVersion;
  /** The session's own copy, made by its own STORE (updateEntry) and dropped at the next refresh. */
  #own: MailboxViewEntry[] | undefined;
  /** A change event arrived since the last refresh. */
  #isStale = false;
  /** The modseqs of the session's own changes in #own since the last refresh: their events change nothing. */
  readonly #ownModseqs = new Set<number>();

  private constructor(accountId: string, mailboxId: string, isReadOnly: boolean, version: ViewVersion) {
    this.accountId = accountId;
    this.mailboxId = mailboxId;
    this.isReadOnly = isReadOnly;
    this.#version = version;
  }

  /** The mailbox as it is now (its list shared with the sessions already there). */
  static async open(
    views: MailboxViews,
    accountId: string,
    mailboxId: string,
    isReadOnly: boolean,
  ): Promise<SelectedMailbox> {
    return new SelectedMailbox(accountId, mailboxId, isReadOnly, await views.current(accountId, mailboxId));
  }

  get uidValidity(): number {
    return this.#version.uidValidity;
  }

  get exists(): number {
    return this.entries.length;
  }

  /** Highest modseq the client has been brought up to (HIGHESTMODSEQ), its own changes included. */
  get highestModseq(): number {
    let highest = this.#version.highestModseq;
    for (const modseq of this.#ownModseqs) if (modseq > highest) highest = modseq;
    return highest;
  }

  get uidNext(): number {
    return this.#version.uidNext;
  }

  get entries(): readonly MailboxViewEntry[] {
    return this.#own ?? this.#version.entries;
  }

  markStale(): void {
    this.#isStale = true;
  }

  /**
   * A change of the account was committed at `modseq`; true when it may be news to this session, which then
   * refreshes. Not news: the session's own STORE (or FETCH setting \Seen), already in its snapshot, and a
   * change its version was read after (modseqs of an account are committed in order, so the version of
   * HIGHESTMODSEQ h holds every change up to h). A client alone in its mailbox then does not read the mailbox
   * again after each flag change. The own changes' modseqs are not used as such a bound: another session's
   * change may have a lower modseq than ours and still be missing from the version.
   */
  noteChange(modseq: number): boolean {
    if (modseq <= this.#version.highestModseq || this.#ownModseqs.has(modseq)) return false;
    this.markStale();
    return true;
  }

  get isStale(): boolean {
    return this.#isStale;
  }

  /** Sequence number of `uid`, or 0 when not in the snapshot (binary search: UIDs ascend). */
  sequenceOf(uid: number): number {
    return sequenceIn(this.entries, uid);
  }

  /**
   * The messages a set names, in ascending order with their sequence numbers. Sequence numbers beyond EXISTS
   * and UIDs not in the mailbox are left out (RFC 9051 §6.4.8: a UID set may name non-existent UIDs; a bad
   * sequence number is the caller's BAD, checked with isValidSequenceSet first).
   */
  select(set: SequenceSet, isUid: boolean): { readonly seq: number; readonly entry: MailboxViewEntry }[] {
    const entries = this.entries;
    const out: { seq: number; entry: MailboxViewEntry }[] = [];
    if (entries.length === 0) return out;
    if (isUid) {
      const resolved = set.resolve(entries.at(-1)?.uid ?? 0);
      for (const range of resolved.ranges) {
        // Walk from the first entry at or above range.start: bounded by the mailbox, not by the range.
        for (let index = lowerBound(entries, range.start); index < entries.length; index++) {
          const entry = entries[index];
          if (entry === undefined || entry.uid > range.end) break;
          out.push({ seq: index + 1, entry });
        }
      }
      return out;
    }
    const resolved = set.resolve(entries.length);
    for (const range of resolved.ranges) {
      const end = Math.min(range.end, entries.length);
      for (let seq = Math.max(1, range.start); seq <= end; seq++) {
        const entry = entries[seq - 1];
        if (entry !== undefined) out.push({ seq, entry });
      }
    }
    return out;
  }

  /** A sequence set must not name a number beyond EXISTS (RFC 9051 §6.4.8 asks for BAD); `*` is fine. */
  isValidSequenceSet(set: SequenceSet): boolean {
    const last = set.ranges.at(-1);
    if (last === undefined) return true;
    const highest = Number.isFinite(last.end) ? last.end : last.start;
    return Number.isFinite(highest) ? highest <= Math.max(this.exists, 0) : true;
  }

  /** After the session's own STORE: the snapshot holds the new flags, so refresh() does not repeat them. */
  updateEntry(uid: number, keywords: readonly string[], modseq: number): void {
    const seq = this.sequenceOf(uid);
    const entry = this.entries[seq - 1];
    if (seq === 0 || entry === undefined) return;
    // Copy on write: the version's list is shared with other sessions.
    this.#own ??= this.#version.entries.slice();
    this.#own[seq - 1] = { ...entry, keywords, modseq };
    // Bounded: past that many own changes without a refresh, the next event refreshes as any other would.
    if (this.#ownModseqs.size < MAX_OWN_MODSEQS) this.#ownModseqs.add(modseq);
  }

  /**
   * Bring the client up to date: untagged lines (without CRLF) in the order RFC 9051 wants them: expunges
   * (highest first, so each number is still right when read), EXISTS, then flag changes.
   */
  async refresh(views: MailboxViews, options: RefreshOptions): Promise<string[]> {
    this.#isStale = false;
    const latest = await views.current(this.accountId, this.mailboxId);
    const known = this.entries;
    const { removed, changed } = stepsBetween(this.#version, latest, known);
    const gone = new Set(removed.filter((uid) => sequenceIn(known, uid) > 0));
    if (gone.size > 0 && !options.allowExpunge) {
      // Numbers must not move under a sequence-number command: everything waits for the next safe point.
      this.#isStale = true;
      return [];
    }
    const lines = gone.size > 0 ? removeLines(known, gone, options.qresync) : [];
    const lastUid = known.at(-1)?.uid ?? 0;
    // What the client will have seen: the known list less what is gone, plus what follows lastUid.
    const isNew = latest.entries.length > known.length - gone.size;
    if (isNew) lines.push(`* ${latest.entries.length} EXISTS`);
    for (const entry of changed.values()) {
      if (entry.uid > lastUid || gone.has(entry.uid)) continue;
      const told = known[sequenceIn(known, entry.uid) - 1];
      if (told === undefined) continue;
      const isSame = sameKeywords(told.keywords, entry.keywords);
      if (isSame && (!options.condstore || told.modseq === entry.modseq)) continue;
      lines.push(flagUpdateLine(sequenceIn(latest.entries, entry.uid), entry, options));
    }
    this.#version = latest;
    this.#own = undefined;
    this.#ownModseqs.clear();
    return lines;
  }
}

/**
 * What changed from `from` to `to`: along the chain of steps, or, should `to` not be on it (the lists in between
 * were dropped and the mailbox read again), by comparing the two lists.
 */
function stepsBetween(
  from: ViewVersion,
  to: ViewVersion,
  known: readonly MailboxViewEntry[],
): { removed: number[]; changed: Map<number, MailboxViewEntry> } {
  const removed: number[] = [];
  const changed = new Map<number, MailboxViewEntry>();
  for (let link = from.link; link !== to.link; ) {
    const step = link.next;
    if (step === undefined) return listDifference(known, to.entries);
    removed.push(...step.removed);
    for (const entry of step.changed) changed.set(entry.uid, entry);
    link = step.link;
  }
  // In UID order, so flag updates go out in sequence order.
  return { removed, changed: new Map([...changed].sort((a, b) => a[0] - b[0])) };
}

function listDifference(
  known: readonly MailboxViewEntry[],
  now: readonly MailboxViewEntry[],
): { removed: number[]; changed: Map<number, MailboxViewEntry> } {
  const present = new Set(now.map((entry) => entry.uid));
  const removed = known.filter((entry) => !present.has(entry.uid)).map((entry) => entry.uid);
  const changed = new Map<number, MailboxViewEntry>();
  for (const entry of now) {
    const told = known[sequenceIn(known, entry.uid) - 1];
    if (told === undefined || told.modseq !== entry.modseq || !sameKeywords(told.keywords, entry.keywords)) {
      changed.set(entry.uid, entry);
    }
  }
  return { removed, changed };
}

function removeLines(
  known: readonly MailboxViewEntry[],
  gone: ReadonlySet<number>,
  qresync: boolean,
): string[] {
  if (qresync) return [`* VANISHED ${formatOrderedNumbers([...gone].sort((a, b) => a - b))}`];
  const lines: string[] = [];
  for (let index = known.length - 1; index >= 0; index--) {
    if (gone.has(known[index]?.uid ?? 0)) lines.push(`* ${index + 1} EXPUNGE`);
  }
  return lines;
}

function sameKeywords(a: readonly string[], b: readonly string[]): boolean {
  // The store shares one array per distinct keyword set and keeps them sorted.
  return a === b || (a.length === b.length && a.every((keyword, index) => keyword === b[index]));
}

function flagUpdateLine(seq: number, entry: MailboxViewEntry, options: RefreshOptions): string {
  const items = [`FLAGS (${systemFlagsOf(entry.keywords).join(' ')})`];
  // UID helps every client match the update; QRESYNC requires it (RFC 7162 §3.2.4).
  if (options.condstore || options.qresync) items.unshift(`UID ${entry.uid}`);
  if (options.condstore) items.push(`MODSEQ (${entry.modseq})`);
  return `* ${seq} FETCH (${items.join(' ')})`;
}
