// One subscription to the store's event bus per worker, fanned out by account: a change wakes only the
// sessions of that account (IMAP IDLE, JMAP push), whatever the number of sessions open (a bus listener per
// session would make every change cost O(sessions)).

/** Change notifications for one account, across processes (fed by the store's event bus). */
export interface AccountChangeFeed {
  /** `listener` runs on every committed change of `accountId`; returns the function that unsubscribes. */
  subscribe(accountId: string, listener: (modseq: number) => void): () => void;
}

/** What the feed needs of the store's EventBus. */
export interface ChangeSource {
  subscribe(listener: (event: { readonly accountId: string; readonly modseq: number }) => void): () => void;
}

export function createAccountChangeFeed(source: ChangeSource): AccountChangeFeed & { close(): void } {
  const byAccount = new Map<string, Set<(modseq: number) => void>>();
  const unsubscribe = source.subscribe((event) => {
    const listeners = byAccount.get(event.accountId);
    if (listeners === undefined) return;
    for (const listener of [...listeners]) listener(event.modseq);
  });
  return {
    subscribe(accountId, listener) {
      let listeners = byAccount.get(accountId);
      if (listeners === undefined) {
        listeners = new Set();
        byAccount.set(accountId, listeners);
      }
      listeners.add(listener);
      return () => {
        listeners.delete(listener);
        if (listeners.size === 0) byAccount.delete(accountId);
      };
    },
    close: unsubscribe,
  };
}
