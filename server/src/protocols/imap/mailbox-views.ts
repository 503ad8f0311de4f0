// The message lists of the mailboxes sessions have selected, shared by every session of this process
// (DATA-MODEL.md §5: a per-mailbox view cached for IMAP speed, patched from the change log). Without it each
// session kept its own copy: 1,000 messages cost ~130 KiB per session, so 5,000 clients idling on their INBOX
// held gigabytes of identical lists. Now a mailbox has one chain of immutable versions; a session holds the
// version it last told its client about, and a change is read once per process, not once per session.

import type { MailboxViewEntry } from '#domain/mail';
import type { ImapMail } from './imap-context.ts';

/** The store calls a view is built and patched from. */
export type ViewSource = Pick<ImapMail, 'mailboxStatus' | 'mailboxView' | 'mailboxChangesSince'>;

/** One state of a mailbox's message list, never modified. */
export interface ViewVersion {
  /** In UID order: sequence number n is entries[n - 1]. */
  readonly entries: readonly MailboxViewEntry[];
  readonly uidValidity: number;
  readonly uidNext: number;
  /** Every change to the mailbox up to this modseq is in `entries`. */
  readonly highestModseq: number;
  /** Its place in the chain of changes. */
  readonly link: ViewLink;
}

/**
 * A version's place in the chain: only the way on, never a list. A session left behind (expunges wait while
 * it runs sequence-number commands) keeps the steps after its version alive, not every list in between: those
 * go with the last session holding them, and the walk compares lists when it finds the chain's end instead.
 */
export interface ViewLink {
  /** Set once, when the next version is read. */
  next: ViewStep | undefined;
}

/** What changed from one version to the next. */
export interface ViewStep {
  /** UIDs expunged (some may have come and gone within the step). */
  readonly removed: readonly number[];
  /** New messages and messages whose keywords or modseq changed, as they are in the next version. */
  readonly changed: readonly MailboxViewEntry[];
  readonly link: ViewLink;
}

export class MailboxViews {
  readonly #source: ViewSource;
  readonly #trackers = new Map<string, MailboxTracker>();
  /** A tracker whose versions nobody holds any more is dropped, so the map follows the selected mailboxes. */
  readonly #finalizer = new FinalizationRegistry<string>((key) => {
    if (this.#trackers.get(key)?.isUnused) this.#trackers.delete(key);
  });

  constructor(source: ViewSource) {
    this.#source = source;
  }

  /**
   * The mailbox as it is now: read after this call began, so it holds every change committed before it (a
   * session's own writes included). Callers that arrive together share one read.
   */
  current(accountId: string, mailboxId: string): Promise<ViewVersion> {
    const key = `${accountId}/${mailboxId}`;
    let tracker = this.#trackers.get(key);
    if (tracker === undefined) {
      tracker = new MailboxTracker(this.#source, accountId, mailboxId, (version) =>
        this.#finalizer.register(version, key),
      );
      this.#trackers.set(key, tracker);
    }
    return tracker.current();
  }

  /** Mailboxes with a live version in this process (for tests and metrics). */
  get trackedCount(): number {
    return this.#trackers.size;
  }
}

/** The version chain of one mailbox, and the reads that extend it, one at a time. */
class MailboxTracker {
  readonly #source: ViewSource;
  readonly #accountId: string;
  readonly #mailboxId: string;
  readonly #onVersion: (version: ViewVersion) => void;
  /** Weak: the sessions at a version hold it; a later read starts from a fresh list when none does. */
  #latest: WeakRef<ViewVersion> | undefined;
  /** The read that has not started yet: a caller arriving now may join it. */
  #waiting: Promise<ViewVersion> | undefined;
  /** The read in progress (settled, never rejected), which the waiting one starts after. */
  #running: Promise<unknown> = Promise.resolve();

  constructor(
    source: ViewSource,
    accountId: string,
    mailboxId: string,
    onVersion: (version: ViewVersion) => void,
  ) {
    this.#source = source;
    this.#accountId = accountId;
    this.#mailboxId = mailboxId;
    this.#onVersion = onVersion;
  }

  get isUnused(): boolean {
    return this.#waiting === undefined && this.#latest?.deref() === undefined;
  }

  current(): Promise<ViewVersion> {
    // A read that already started may have missed what the caller just wrote: join only one not yet started.
    if (this.#waiting !== undefined) return this.#waiting;
    const read: Promise<ViewVersion> = this.#running.then(() => {
      this.#waiting = undefined;
      return this.#read();
    });
    this.#waiting = read;
    this.#running = read.catch(() => undefined);
    return read;
  }

  async #read(): Promise<ViewVersion> {
    const previous = this.#latest?.deref();
    const version = previous === undefined ? await this.#load() : await this.#advance(previous);
    if (version !== previous) {
      this.#latest = new WeakRef(version);
      this.#onVersion(version);
    }
    return version;
  }

  /** The numbers first, then the list: a change in between is in the list and read again by the next step. */
  async #load(): Promise<ViewVersion> {
    const status = await this.#source.mailboxStatus(this.#accountId, this.#mailboxId);
    const entries = await this.#source.mailboxView(this.#accountId, this.#mailboxId);
    return {
      entries,
      uidValidity: status.uidValidity,
      uidNext: Math.max(status.uidNext, (entries.at(-1)?.uid ?? 0) + 1),
      highestModseq: status.highestModseq,
      link: { next: undefined },
    };
  }

  async #advance(previous: ViewVersion): Promise<ViewVersion> {
    const since = previous.highestModseq;
    // Every change to a mailbox's messages moves its HIGHESTMODSEQ: unchanged, the store reads nothing more
    // and the current version stays. That is what most NOOPs and SELECTs find.
    const { status, vanished, changed } = await this.#source.mailboxChangesSince(
      this.#accountId,
      this.#mailboxId,
      since,
    );
    if (status.highestModseq <= since) return previous;
    let removed = vanished.uids;
    if (!vanished.isExact) {
      // Tombstones were pruned past `since` (a view kept for days): compare with the whole list instead.
      const present = new Set(
        (await this.#source.mailboxView(this.#accountId, this.#mailboxId)).map((e) => e.uid),
      );
      removed = previous.entries.filter((entry) => !present.has(entry.uid)).map((entry) => entry.uid);
    }
    const entries = patchedEntries(previous.entries, removed, changed);
    const version: ViewVersion = {
      entries,
      uidValidity: previous.uidValidity,
      uidNext: Math.max(previous.uidNext, status.uidNext, (entries.at(-1)?.uid ?? 0) + 1),
      highestModseq: changed.reduce(
        (highest, entry) => Math.max(highest, entry.modseq),
        status.highestModseq,
      ),
      link: { next: undefined },
    };
    previous.link.next = { removed, changed, link: version.link };
    return version;
  }
}

/**
 * `entries` without the removed UIDs, with the changed ones replaced and the new ones appended. UIDs only grow
 * and a message's UID is given in the transaction that commits it, so new UIDs are above every present one.
 */
function patchedEntries(
  entries: readonly MailboxViewEntry[],
  removed: readonly number[],
  changed: readonly MailboxViewEntry[],
): MailboxViewEntry[] {
  const lastUid = entries.at(-1)?.uid ?? 0;
  if (removed.length === 0) return replacedEntries(entries, changed, lastUid);
  const gone = new Set(removed);
  const byUid = new Map(changed.map((entry) => [entry.uid, entry]));
  const patched: MailboxViewEntry[] = [];
  for (const entry of entries) {
    if (!gone.has(entry.uid)) patched.push(byUid.get(entry.uid) ?? entry);
  }
  const added = changed.filter((entry) => entry.uid > lastUid && !gone.has(entry.uid));
  patched.push(...added.sort((a, b) => a.uid - b.uid));
  return patched;
}

/**
 * Flag changes and arrivals only, the usual step: a copy of the list with each changed entry found by binary
 * search (the list is in UID order), instead of a lookup per entry. A flag change in a 100,000-message mailbox
 * costs a copy, not 100,000 map lookups.
 */
function replacedEntries(
  entries: readonly MailboxViewEntry[],
  changed: readonly MailboxViewEntry[],
  lastUid: number,
): MailboxViewEntry[] {
  const patched = entries.slice();
  const added: MailboxViewEntry[] = [];
  for (const entry of changed) {
    if (entry.uid > lastUid) {
      added.push(entry);
      continue;
    }
    const seq = sequenceIn(entries, entry.uid);
    if (seq > 0) patched[seq - 1] = entry;
  }
  patched.push(...added.sort((a, b) => a.uid - b.uid));
  return patched;
}

/** Sequence number of `uid` in `entries`, or 0 (binary search: UIDs ascend). */
export function sequenceIn(entries: readonly MailboxViewEntry[], uid: number): number {
  const index = lowerBound(entries, uid);
  return entries[index]?.uid === uid ? index + 1 : 0;
}

/** Index of the first entry whose UID is at least `uid`. */
export function lowerBound(entries: readonly MailboxViewEntry[], uid: number): number {
  let low = 0;
  let high = entries.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if ((entries[middle]?.uid ?? 0) < uid) low = middle + 1;
    else high = middle;
  }
  return low;
}
