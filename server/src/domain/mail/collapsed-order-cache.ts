// The thread-collapsed order of a whole mailbox, kept per process for deep pages of Email/query. Collapsing
// threads at position p reads every row before p (a page at 50,000 of a 100,000-message inbox: 0.5 s), and a
// person dragging the list's scroll bar asks for one deep page after another. The order is kept with the
// account's modseq it was read at: any change of the account's mail moves the modseq, and the next query reads
// the order again, so a stale order is never served. Bounded: a few lists per process, the least recently
// used dropped first.

export interface CollapsedOrder {
  readonly ids: readonly string[];
  readonly threadIds: readonly string[];
}

/** Lists kept per process: a handful of people scrolling deep at once (about 8 MB per 100,000 messages). */
const MAX_LISTS = 4;

export class CollapsedOrderCache {
  readonly #entries = new Map<string, { readonly modseq: number; readonly order: CollapsedOrder }>();

  /** The order read at `modseq` for `key`, if that is what is kept. */
  get(key: string, modseq: number): CollapsedOrder | undefined {
    const entry = this.#entries.get(key);
    if (entry === undefined || entry.modseq !== modseq) return undefined;
    this.#entries.delete(key);
    this.#entries.set(key, entry);
    return entry.order;
  }

  set(key: string, modseq: number, order: CollapsedOrder): void {
    this.#entries.delete(key);
    this.#entries.set(key, { modseq, order });
    for (const oldest of this.#entries.keys()) {
      if (this.#entries.size <= MAX_LISTS) break;
      this.#entries.delete(oldest);
    }
  }
}
