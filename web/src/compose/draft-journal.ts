// Every compose window's content kept in the browser's local storage as it is typed, so a crash, a closed tab
// or a lost network loses nothing (ADR 0008): written on each change, read when the app opens (the newest is
// reopened), removed once the message is sent or the draft discarded. Per account, so a shared computer's
// next person never sees it (their account differs; signing out also clears it).

import type { Draft } from './compose-draft.ts';

const PREFIX = 'vercors:draft:';

export interface JournalEntry {
  readonly composeId: string;
  readonly savedAt: number;
  /** The server copy in Drafts, once saved there. */
  readonly emailId: string | undefined;
  readonly draft: Draft;
}

/** The storage the journal writes to: window.localStorage in the app, a Map-backed one in tests. */
export type JournalStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

export function saveToJournal(storage: JournalStorage, accountId: string, entry: JournalEntry): void {
  try {
    storage.setItem(`${PREFIX}${accountId}:${entry.composeId}`, JSON.stringify(entry));
  } catch {
    // Storage full or disabled (private mode): the server draft still saves every few seconds.
  }
}

export function dropFromJournal(storage: JournalStorage, accountId: string, composeId: string): void {
  storage.removeItem(`${PREFIX}${accountId}:${composeId}`);
}

/** The account's unsent drafts, newest first; unreadable entries are dropped. */
export function journalEntries(storage: JournalStorage, accountId: string): JournalEntry[] {
  const prefix = `${PREFIX}${accountId}:`;
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key?.startsWith(prefix)) keys.push(key);
  }
  const entries: JournalEntry[] = [];
  for (const key of keys) {
    try {
      const entry = JSON.parse(storage.getItem(key) ?? '') as JournalEntry;
      if (typeof entry.composeId === 'string' && typeof entry.draft === 'object') entries.push(entry);
      else storage.removeItem(key);
    } catch {
      storage.removeItem(key);
    }
  }
  return entries.sort((a, b) => b.savedAt - a.savedAt);
}

/** Every draft of every account: what signing out on a shared computer clears. */
export function clearJournal(storage: JournalStorage): void {
  const keys: string[] = [];
  for (let index = 0; index < storage.length; index += 1) {
    const key = storage.key(index);
    if (key?.startsWith(PREFIX)) keys.push(key);
  }
  for (const key of keys) storage.removeItem(key);
}
