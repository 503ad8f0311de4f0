// What a session knows of its selected mailbox (docs/decisions/0007-imap-server.md): the messages in UID order
// as they were last reported to the client — sequence number n is entries[n - 1] — and the modseq up to
// which the client has been told. refresh() turns what the store changed since into the untagged responses
// RFC 9051 §7 allows at that point, and only then updates the snapshot, so the client's numbering and ours
// never drift apart.

import type { MailboxViewEntry } from '#domain/mail';
import type { ImapMail } from './imap-context.ts';
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

export class SelectedMailbox {
  readonly accountId: string;
  readonly mailboxId: string;
  readonly uidValidity: number;
  readonly isReadOnly: boolean;
  #entries: MailboxViewEntry[];
  /** Highest modseq the client has been brought up to (HIGHESTMODSEQ). */
  #modseq: number;
  #uidNext: number;
  /** A change event arrived since the last refresh. */
  #isStale = false;

  private constructor(
    ids: { accountId: string; mailboxId: string; uidValidity: number; isReadOnly: boolean },
    entries: MailboxViewEntry[],
    modseq: number,
    uidNext: number,
  ) {
    this.accountId = ids.accountId;
    this.mailboxId = ids.mailboxId;
    this.uidValidity = ids.uidValidity;
    this.isReadOnly = ids.isReadOnly;
    this.#entries = entries;
    this.#modseq = modseq;
    this.#uidNext = uidNext;
  }

  /** Load the mailbox: its numbers first, then the view, so a change in between is reported by refresh(). */
  static async open(
    mail: ImapMail,
    accountId: string,
    mailboxId: string,
    isReadOnly: boolean,
  ): Promise<SelectedMailbox> {
    const status = await mail.mailboxStatus(accountId, mailboxId);
    const entries = [...(await mail.mailboxView(accountId, mailboxId))];
    const lastUid = entries.at(-1)?.uid ?? 0;
    return new SelectedMailbox(
      { accountId, mailboxId, uidValidity: status.uidValidity, isReadOnly },
      entries,
      status.highestModseq,
      Math.max(status.uidNext, lastUid + 1),
    );
  }

  get exists(): number {
    return this.#entries.length;
  }

  get highestModseq(): number {
    return this.#modseq;
  }

  get uidNext(): number {
    return this.#uidNext;
  }

  get entries(): readonly MailboxViewEntry[] {
    return this.#entries;
  }

  markStale(): void {
    this.#isStale = true;
  }

  get isStale(): boolean {
    return this.#isStale;
  }

  /** Sequence number of `uid`, or 0 when not in the snapshot (binary search: UIDs ascend). */
  sequenceOf(uid: number): number {
    let low = 0;
    let high = this.#entries.length - 1;
    while (low <= high) {
      const middle = (low + high) >>> 1;
      const found = this.#entries[middle]?.uid ?? 0;
      if (found === uid) return middle + 1;
      if (found < uid) low = middle + 1;
      else high = middle - 1;
    }
    return 0;
  }

  /**
   * The messages a set names, in ascending order with their sequence numbers. Sequence numbers beyond EXISTS
   * and UIDs not in the mailbox are left out (RFC 9051 §6.4.8: a UID set may name non-existent UIDs; a bad
   * sequence number is the caller's BAD, checked with isValidSequenceSet first).
   */
  select(set: SequenceSet, isUid: boolean): { readonly seq: number; readonly entry: MailboxViewEntry }[] {
    const out: { seq: number; entry: MailboxViewEntry }[] = [];
    if (this.#entries.length === 0) return out;
    if (isUid) {
      const resolved = set.resolve(this.#entries.at(-1)?.uid ?? 0);
      for (const range of resolved.ranges) {
        // Walk from the first entry at or above range.start: bounded by the mailbox, not by the range.
        for (let index = this.#lowerBound(range.start); index < this.#entries.length; index++) {
          const entry = this.#entries[index];
          if (entry === undefined || entry.uid > range.end) break;
          out.push({ seq: index + 1, entry });
        }
      }
      return out;
    }
    const resolved = set.resolve(this.#entries.length);
    for (const range of resolved.ranges) {
      const end = Math.min(range.end, this.#entries.length);
      for (let seq = Math.max(1, range.start); seq <= end; seq++) {
        const entry = this.#entries[seq - 1];
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
    return Number.isFinite(highest) ? highest <= Math.max(this.#entries.length, 0) : true;
  }

  /** After the session's own STORE: the snapshot holds the new flags, so refresh() does not repeat them. */
  updateEntry(uid: number, keywords: readonly string[], modseq: number): void {
    const seq = this.sequenceOf(uid);
    const entry = this.#entries[seq - 1];
    if (seq === 0 || entry === undefined) return;
    this.#entries[seq - 1] = { ...entry, keywords, modseq };
  }

  /**
   * Bring the client up to date: untagged lines (without CRLF) in the order RFC 9051 wants them: expunges
   * (highest first, so each number is still right when read), EXISTS, then flag changes.
   */
  async refresh(mail: ImapMail, options: RefreshOptions): Promise<string[]> {
    this.#isStale = false;
    const since = this.#modseq;
    // Read first: every change up to it is in the two answers below, so it is safe to move up to.
    const { highestModseq } = await mail.mailboxStatus(this.accountId, this.mailboxId);
    const vanished = await mail.vanishedSince(this.accountId, this.mailboxId, since);
    const changed = await mail.changedSince(this.accountId, this.mailboxId, since);
    const gone = new Set(vanished.uids.filter((uid) => this.sequenceOf(uid) > 0));
    if (!vanished.isExact) {
      // Tombstones were pruned past our point: compare with the whole view instead (rare: days-old sessions).
      const present = new Set((await mail.mailboxView(this.accountId, this.mailboxId)).map((e) => e.uid));
      for (const entry of this.#entries) if (!present.has(entry.uid)) gone.add(entry.uid);
    }
    if (gone.size > 0 && !options.allowExpunge) {
      // Numbers must not move under a sequence-number command: everything waits for the next safe point.
      this.#isStale = true;
      return [];
    }
    const lines: string[] = [];
    if (gone.size > 0) lines.push(...this.#removeLines(gone, options.qresync));
    lines.push(...this.#applyChanges(changed, options));
    this.#modseq = changed.reduce(
      (highest, entry) => Math.max(highest, entry.modseq),
      Math.max(since, highestModseq),
    );
    return lines;
  }

  #removeLines(gone: ReadonlySet<number>, qresync: boolean): string[] {
    const lines: string[] = [];
    if (qresync) lines.push(`* VANISHED ${formatOrderedNumbers([...gone].sort((a, b) => a - b))}`);
    else {
      for (let index = this.#entries.length - 1; index >= 0; index--) {
        if (gone.has(this.#entries[index]?.uid ?? 0)) lines.push(`* ${index + 1} EXPUNGE`);
      }
    }
    this.#entries = this.#entries.filter((entry) => !gone.has(entry.uid));
    return lines;
  }

  #applyChanges(changed: readonly MailboxViewEntry[], options: RefreshOptions): string[] {
    const lastUid = this.#entries.at(-1)?.uid ?? 0;
    const added = changed.filter((entry) => entry.uid > lastUid).sort((a, b) => a.uid - b.uid);
    const flagLines: string[] = [];
    for (const entry of changed) {
      if (entry.uid > lastUid) continue;
      const seq = this.sequenceOf(entry.uid);
      const known = this.#entries[seq - 1];
      if (seq === 0 || known === undefined) continue;
      const isSame = sameKeywords(known.keywords, entry.keywords);
      if (isSame && (!options.condstore || known.modseq === entry.modseq)) continue;
      this.#entries[seq - 1] = entry;
      flagLines.push(flagUpdateLine(seq, entry, options));
    }
    const lines: string[] = [];
    if (added.length > 0) {
      this.#entries.push(...added);
      this.#uidNext = Math.max(this.#uidNext, (added.at(-1)?.uid ?? 0) + 1);
      lines.push(`* ${this.#entries.length} EXISTS`);
    }
    return [...lines, ...flagLines];
  }

  #lowerBound(uid: number): number {
    let low = 0;
    let high = this.#entries.length;
    while (low < high) {
      const middle = (low + high) >>> 1;
      if ((this.#entries[middle]?.uid ?? 0) < uid) low = middle + 1;
      else high = middle;
    }
    return low;
  }
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
