import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_DRAFT } from './compose-draft.ts';
import {
  clearJournal,
  dropFromJournal,
  type JournalStorage,
  journalEntries,
  saveToJournal,
} from './draft-journal.ts';

function memoryStorage(): JournalStorage & { map: Map<string, string> } {
  const map = new Map<string, string>();
  return {
    map,
    getItem: (key) => map.get(key) ?? null,
    setItem: (key, value) => void map.set(key, value),
    removeItem: (key) => void map.delete(key),
    key: (index) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}

test('drafts are kept per account, newest first, until sent or discarded', () => {
  const storage = memoryStorage();
  saveToJournal(storage, 'A1', {
    composeId: 'c1',
    savedAt: 1,
    emailId: undefined,
    draft: { ...EMPTY_DRAFT, subject: 'un' },
  });
  saveToJournal(storage, 'A1', {
    composeId: 'c2',
    savedAt: 2,
    emailId: 'E2',
    draft: { ...EMPTY_DRAFT, subject: 'deux' },
  });
  saveToJournal(storage, 'B9', { composeId: 'c3', savedAt: 3, emailId: undefined, draft: EMPTY_DRAFT });
  assert.deepEqual(
    journalEntries(storage, 'A1').map((entry) => entry.draft.subject),
    ['deux', 'un'],
  );
  dropFromJournal(storage, 'A1', 'c2');
  assert.deepEqual(
    journalEntries(storage, 'A1').map((entry) => entry.composeId),
    ['c1'],
  );
  storage.setItem('vercors:draft:A1:broken', '{not json');
  assert.equal(journalEntries(storage, 'A1').length, 1);
  assert.equal(storage.getItem('vercors:draft:A1:broken'), null, 'an unreadable entry is dropped');
  storage.setItem('other-app', 'kept');
  clearJournal(storage);
  assert.deepEqual([...storage.map.keys()], ['other-app']);
});

test('a full or disabled storage does not break typing', () => {
  const storage = memoryStorage();
  storage.setItem = () => {
    throw new Error('QuotaExceededError');
  };
  assert.doesNotThrow(() =>
    saveToJournal(storage, 'A1', { composeId: 'c', savedAt: 1, emailId: undefined, draft: EMPTY_DRAFT }),
  );
});
