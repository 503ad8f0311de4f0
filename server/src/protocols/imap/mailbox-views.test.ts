// Shared mailbox views: one read per process for sessions that arrive together, a read that never misses a
// change committed before the call, and sessions that each get exactly the untagged lines their own numbering
// needs while sharing one list.

import assert from 'node:assert/strict';
import { describe, test } from 'node:test';
import type { MailboxDelta, MailboxStatus, MailboxViewEntry } from '#domain/mail';
import { MailboxViews, type ViewSource } from './mailbox-views.ts';
import { SelectedMailbox, type RefreshOptions } from './selected-mailbox.ts';

const ACCOUNT = 'account-1';
const MAILBOX = 'mailbox-1';
const PLAIN: RefreshOptions = { allowExpunge: true, condstore: false, qresync: false };

/** A mailbox in memory, with the change log's answers, and a count of the reads made. */
class FakeMailbox implements ViewSource {
  modseq = 1;
  uidNext = 1;
  isExact = true;
  readonly reads = { status: 0, view: 0, changed: 0, vanished: 0 };
  /** Set to hold the next status read until released. */
  gate: Promise<void> | undefined;
  #entries: MailboxViewEntry[] = [];
  #tombstones: { uid: number; modseq: number }[] = [];

  append(count: number): void {
    for (let i = 0; i < count; i++) {
      this.modseq++;
      this.#entries.push({
        uid: this.uidNext++,
        emailId: `e${this.uidNext}`,
        keywords: [],
        modseq: this.modseq,
      });
    }
  }

  flag(uid: number, keywords: string[]): void {
    this.modseq++;
    this.#entries = this.#entries.map((e) => (e.uid === uid ? { ...e, keywords, modseq: this.modseq } : e));
  }

  expunge(uid: number): void {
    this.modseq++;
    this.#entries = this.#entries.filter((e) => e.uid !== uid);
    this.#tombstones.push({ uid, modseq: this.modseq });
  }

  async mailboxStatus(): Promise<MailboxStatus> {
    this.reads.status++;
    const status = this.#status();
    if (this.gate !== undefined) await this.gate;
    return status;
  }

  mailboxView(): Promise<readonly MailboxViewEntry[]> {
    this.reads.view++;
    return Promise.resolve([...this.#entries]);
  }

  /** As the store answers: nothing more than the numbers while HIGHESTMODSEQ has not moved. */
  async mailboxChangesSince(_account: string, _mailbox: string, modseq: number): Promise<MailboxDelta> {
    this.reads.status++;
    const status = this.#status();
    const isUnchanged = status.highestModseq <= modseq;
    if (!isUnchanged) {
      this.reads.vanished++;
      this.reads.changed++;
    }
    const delta: MailboxDelta = {
      status,
      vanished: {
        uids:
          this.isExact && !isUnchanged
            ? this.#tombstones.filter((t) => t.modseq > modseq).map((t) => t.uid)
            : [],
        isExact: this.isExact || isUnchanged,
      },
      changed: isUnchanged ? [] : this.#entries.filter((e) => e.modseq > modseq),
    };
    if (this.gate !== undefined) await this.gate;
    return delta;
  }

  #status(): MailboxStatus {
    return {
      uidValidity: 7,
      uidNext: this.uidNext,
      highestModseq: this.modseq,
      totalEmails: this.#entries.length,
      unreadEmails: 0,
      size: 0,
    };
  }
}

function open(views: MailboxViews): Promise<SelectedMailbox> {
  return SelectedMailbox.open(views, ACCOUNT, MAILBOX, false);
}

describe('MailboxViews', () => {
  test('sessions selecting together share one read and one list', async () => {
    const store = new FakeMailbox();
    store.append(3);
    const views = new MailboxViews(store);
    const [a, b, c] = await Promise.all([open(views), open(views), open(views)]);
    assert.equal(store.reads.view, 1);
    assert.equal(store.reads.status, 1);
    assert.ok(a && b && c);
    assert.equal(a.entries, b.entries);
    assert.equal(b.entries, c.entries);
    assert.deepEqual(
      a.entries.map((e) => e.uid),
      [1, 2, 3],
    );
  });

  test('a later SELECT of an unchanged mailbox reads only its status, and shares the list', async () => {
    const store = new FakeMailbox();
    store.append(5);
    const views = new MailboxViews(store);
    const first = await open(views);
    const second = await open(views);
    assert.equal(first.entries, second.entries);
    assert.deepEqual(store.reads, { status: 2, view: 1, changed: 0, vanished: 0 });
  });

  test('a read already under way is not joined: it may have missed what the caller just wrote', async () => {
    const store = new FakeMailbox();
    store.append(1);
    const views = new MailboxViews(store);
    await open(views);
    let release = () => {};
    store.gate = new Promise((resolve) => {
      release = resolve;
    });
    const underway = views.current(ACCOUNT, MAILBOX);
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(store.reads.status, 2, 'the first read has started');
    store.gate = undefined;
    store.append(1);
    const after = views.current(ACCOUNT, MAILBOX);
    const alsoAfter = views.current(ACCOUNT, MAILBOX);
    release();
    const [early, late, alsoLate] = await Promise.all([underway, after, alsoAfter]);
    assert.equal(early.entries.length, 1, 'the gated read saw the mailbox as it was');
    assert.equal(late.entries.length, 2, 'the next read started after the append');
    assert.equal(late, alsoLate, 'callers that arrived together share that read');
    assert.equal(early.link.next?.link, late.link, 'the step leads from one to the other');
  });

  test('the sessions of a mailbox get their own numbering from one shared change', async () => {
    const store = new FakeMailbox();
    store.append(4);
    const views = new MailboxViews(store);
    const idler = await open(views);
    const other = await open(views);
    store.expunge(2);
    store.append(1);
    store.flag(3, ['$seen']);
    const lines = await idler.refresh(views, PLAIN);
    assert.deepEqual(lines, ['* 2 EXPUNGE', '* 4 EXISTS', '* 2 FETCH (FLAGS (\\Seen))']);
    const reads = { ...store.reads };
    assert.deepEqual(await other.refresh(views, { ...PLAIN, qresync: true, condstore: true }), [
      '* VANISHED 2',
      '* 4 EXISTS',
      `* 2 FETCH (UID 3 FLAGS (\\Seen) MODSEQ (${store.modseq}))`,
    ]);
    assert.equal(store.reads.changed, reads.changed, 'the second session read nothing more than the status');
    assert.equal(idler.entries, other.entries);
    assert.deepEqual(
      idler.entries.map((e) => e.uid),
      [1, 3, 4, 5],
    );
    assert.equal(idler.highestModseq, store.modseq);
    assert.equal(idler.uidNext, 6);
  });

  test('a step of flag changes and arrivals patches a copy and leaves the version before it whole', async () => {
    const store = new FakeMailbox();
    store.append(6);
    const views = new MailboxViews(store);
    const before = await views.current(ACCOUNT, MAILBOX);
    const listBefore = before.entries.map((e) => ({ ...e }));
    store.flag(1, ['$seen']);
    store.flag(4, ['$flagged']);
    store.flag(6, ['$answered']);
    store.append(2);
    const after = await views.current(ACCOUNT, MAILBOX);
    assert.deepEqual(
      after.entries.map((e) => [e.uid, e.keywords.join(' ')]),
      [
        [1, '$seen'],
        [2, ''],
        [3, ''],
        [4, '$flagged'],
        [5, ''],
        [6, '$answered'],
        [7, ''],
        [8, ''],
      ],
    );
    assert.deepEqual(before.entries, listBefore, 'the earlier version is unchanged');
    assert.deepEqual(
      before.link.next?.changed.map((e) => e.uid),
      [1, 4, 6, 7, 8],
    );
  });

  test('a session several versions behind gets the sum of the steps, once', async () => {
    const store = new FakeMailbox();
    store.append(3);
    const views = new MailboxViews(store);
    const behind = await open(views);
    const current = await open(views);
    store.flag(1, ['$flagged']);
    await current.refresh(views, PLAIN);
    store.append(2);
    store.expunge(4);
    await current.refresh(views, PLAIN);
    store.flag(1, ['$flagged', '$seen']);
    await current.refresh(views, PLAIN);
    assert.deepEqual(await behind.refresh(views, PLAIN), [
      '* 4 EXISTS',
      '* 1 FETCH (FLAGS (\\Flagged \\Seen))',
    ]);
    assert.equal(behind.entries, current.entries);
  });

  test('expunges wait while a sequence-number command runs, and the session keeps its numbering', async () => {
    const store = new FakeMailbox();
    store.append(3);
    const views = new MailboxViews(store);
    const session = await open(views);
    const before = session.entries;
    store.expunge(1);
    assert.deepEqual(await session.refresh(views, { ...PLAIN, allowExpunge: false }), []);
    assert.equal(session.isStale, true);
    assert.equal(session.entries, before);
    assert.deepEqual(await session.refresh(views, PLAIN), ['* 1 EXPUNGE']);
    assert.equal(session.exists, 2);
  });

  test("a session's own STORE is copied on write and not repeated to it, but reaches the others", async () => {
    const store = new FakeMailbox();
    store.append(2);
    const views = new MailboxViews(store);
    const writer = await open(views);
    const reader = await open(views);
    store.flag(2, ['$seen']);
    writer.updateEntry(2, ['$seen'], store.modseq);
    assert.notEqual(writer.entries, reader.entries);
    assert.deepEqual(reader.entries[1]?.keywords, [], "the reader's list is untouched");
    assert.deepEqual(await writer.refresh(views, PLAIN), []);
    assert.deepEqual(await reader.refresh(views, PLAIN), ['* 2 FETCH (FLAGS (\\Seen))']);
    assert.equal(writer.entries, reader.entries, 'both are back on the shared list');
  });

  test("the event of a session's own STORE leaves it fresh; any other change, or too many own, does not", async () => {
    const store = new FakeMailbox();
    store.append(2);
    const views = new MailboxViews(store);
    const writer = await open(views);
    const before = writer.highestModseq;
    store.flag(1, ['$flagged']);
    writer.updateEntry(1, ['$flagged'], store.modseq);
    assert.equal(writer.highestModseq, store.modseq, 'HIGHESTMODSEQ covers the MODSEQ the client was told');
    assert.ok(writer.highestModseq > before);
    assert.equal(writer.noteChange(store.modseq), false, 'its own change needs no refresh');
    assert.equal(writer.isStale, false);
    store.append(1);
    assert.equal(writer.noteChange(store.modseq), true, "another writer's change does");
    assert.equal(writer.isStale, true);
    assert.deepEqual(await writer.refresh(views, PLAIN), ['* 3 EXISTS']);
    // Own changes are remembered up to a bound between two refreshes; past it an event refreshes anyway.
    const modseqs: number[] = [];
    for (let index = 0; index < 65; index++) {
      store.flag(2, index % 2 === 0 ? ['$seen'] : []);
      writer.updateEntry(2, index % 2 === 0 ? ['$seen'] : [], store.modseq);
      modseqs.push(store.modseq);
    }
    assert.equal(writer.noteChange(modseqs[63] ?? 0), false);
    assert.equal(writer.noteChange(modseqs[64] ?? 0), true);
    assert.deepEqual(await writer.refresh(views, PLAIN), [], 'the refresh repeats none of its own changes');
    assert.equal(writer.noteChange(modseqs[64] ?? 0), false, 'an event the refreshed version already holds');
    // Another session's change committed before the writer's next own one is still news to it.
    store.flag(1, []);
    const foreign = store.modseq;
    store.flag(2, ['$seen']);
    writer.updateEntry(2, ['$seen'], store.modseq);
    assert.equal(writer.noteChange(foreign), true);
    assert.deepEqual(await writer.refresh(views, PLAIN), ['* 1 FETCH (FLAGS ())']);
  });

  test('a session whose version is off the current chain gets its lines by comparing lists', async () => {
    const store = new FakeMailbox();
    store.append(4);
    const session = await open(new MailboxViews(store));
    store.expunge(2);
    store.flag(3, ['$seen']);
    store.append(1);
    // Another registry read the mailbox afresh: its version has no step from the session's.
    const fresh = new MailboxViews(store);
    assert.deepEqual(await session.refresh(fresh, PLAIN), [
      '* 2 EXPUNGE',
      '* 4 EXISTS',
      '* 2 FETCH (FLAGS (\\Seen))',
    ]);
    assert.deepEqual(
      session.entries.map((e) => e.uid),
      [1, 3, 4, 5],
    );
  });

  test('without exact tombstones, expunges are found by comparing with the whole list', async () => {
    const store = new FakeMailbox();
    store.append(3);
    const views = new MailboxViews(store);
    const session = await open(views);
    store.expunge(3);
    store.isExact = false;
    assert.deepEqual(await session.refresh(views, PLAIN), ['* 3 EXPUNGE']);
    assert.equal(store.reads.view, 2);
  });

  test('a failed read reaches its callers, and the next call reads again', async () => {
    const store = new FakeMailbox();
    store.append(1);
    const views = new MailboxViews(store);
    const session = await open(views);
    const read = store.mailboxChangesSince.bind(store);
    store.mailboxChangesSince = () => Promise.reject(new Error('database gone'));
    await assert.rejects(session.refresh(views, PLAIN), /database gone/);
    store.mailboxChangesSince = read;
    store.append(1);
    assert.deepEqual(await session.refresh(views, PLAIN), ['* 2 EXISTS']);
  });
});
