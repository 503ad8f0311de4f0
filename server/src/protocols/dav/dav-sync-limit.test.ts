// sync-collection with a client's DAV:limit (RFC 6578 §3.6–3.7), over HTTP with raw XML: an answer cut at
// nresults ends with a 507 response for the book (number-of-matches-within-limits) and a token that resumes
// exactly after it, for the personal books (modseq order) and the académie directory (listing versions).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { DirectoryListing } from '#domain/directory';
import { directoryCard as person } from './directory-card.fixture.ts';
import { directoryBook } from './directory-book.ts';
import { card, openDavFixture, PROPFIND_XML, type DavFixture } from './dav.fixture.ts';

const BOOK = '/dav/addressbooks/paul@ac-test.fr/contacts/';
const VCARD = { 'Content-Type': 'text/vcard' };

const syncBody = (token: string, limit?: string) => `<?xml version="1.0" encoding="utf-8"?>
<D:sync-collection xmlns:D="DAV:">
  <D:sync-token>${token}</D:sync-token>
  <D:sync-level>1</D:sync-level>
  ${limit === undefined ? '' : `<D:limit><D:nresults>${limit}</D:nresults></D:limit>`}
  <D:prop><D:getetag/></D:prop>
</D:sync-collection>`;

interface Round {
  readonly status: number;
  /** Card names reported changed (with a propstat). */
  readonly changed: string[];
  /** Card names reported removed (404). */
  readonly removed: string[];
  /** The 507 response for the book itself, if any. */
  readonly isTruncated: boolean;
  readonly token: string;
  readonly text: string;
}

async function sync(fixture: DavFixture, book: string, token: string, limit?: string): Promise<Round> {
  const answer = await fixture.request('REPORT', book, {
    headers: { Depth: '0', ...PROPFIND_XML },
    body: syncBody(token, limit),
  });
  const responses = [...answer.text.matchAll(/<d:response>(.*?)<\/d:response>/g)].map((m) => m[1] ?? '');
  const nameOf = (response: string) => /<d:href>[^<]*\/([^/<]+\.vcf)<\/d:href>/.exec(response)?.[1];
  const bookResponses = responses.filter((r) => r.includes(`<d:href>${book}</d:href>`));
  const cards = responses.filter((r) => nameOf(r) !== undefined);
  return {
    status: answer.status,
    changed: cards.filter((r) => r.includes('<d:propstat>')).map((r) => nameOf(r) ?? ''),
    removed: cards.filter((r) => r.includes('404 Not Found')).map((r) => nameOf(r) ?? ''),
    isTruncated: bookResponses.some((r) =>
      /<d:status>HTTP\/1\.1 507 Insufficient Storage<\/d:status><d:error><d:number-of-matches-within-limits\/><\/d:error>/.test(
        r,
      ),
    ),
    token: /<d:sync-token>([^<]*)<\/d:sync-token>/.exec(answer.text)?.[1] ?? '',
    text: answer.text,
  };
}

/** Sync from `token` in rounds of `limit` until an answer is complete; every round's changes, in order. */
async function syncAll(fixture: DavFixture, book: string, token: string, limit: number) {
  const rounds: Round[] = [];
  let next = token;
  for (;;) {
    const round = await sync(fixture, book, next, String(limit));
    assert.equal(round.status, 207, round.text);
    assert.ok(round.changed.length + round.removed.length <= limit, 'at most nresults members');
    rounds.push(round);
    next = round.token;
    if (!round.isTruncated) return { rounds, token: next };
    assert.equal(round.changed.length + round.removed.length, limit, 'a cut answer is full');
    assert.ok(rounds.length < 50, 'the rounds end');
  }
}

const sorted = (names: readonly string[]) => [...names].sort();

test('sync-collection with a limit pages an initial sync: a 507 for the book, a token that resumes exactly', async (t) => {
  const fixture = await openDavFixture(t);
  const names = ['a', 'b', 'c', 'd', 'e'];
  for (const name of names)
    await fixture.request('PUT', `${BOOK}${name}.vcf`, { headers: VCARD, body: card(name, name) });

  const first = await sync(fixture, BOOK, '', '2');
  assert.equal(first.status, 207);
  assert.equal(first.changed.length, 2);
  assert.ok(first.isTruncated, first.text);
  // The book's 507 is not a member: it comes after the member responses, before the token.
  assert.match(
    first.text,
    /<d:response><d:href>\/dav\/addressbooks\/paul@ac-test\.fr\/contacts\/<\/d:href><d:status>HTTP\/1\.1 507 Insufficient Storage<\/d:status><d:error><d:number-of-matches-within-limits\/><\/d:error><\/d:response><d:sync-token>/,
  );
  assert.match(first.token, /^http:\/\/vercors\.fr\/ns\/sync\//);

  const second = await sync(fixture, BOOK, first.token, '2');
  assert.equal(second.changed.length, 2);
  assert.ok(second.isTruncated);
  const third = await sync(fixture, BOOK, second.token, '2');
  assert.equal(third.changed.length, 1);
  assert.ok(!third.isTruncated, 'the last round is complete');
  assert.match(third.token, /^http:\/\/vercors\.fr\/ns\/sync\/\d+$/, 'a complete answer’s token');

  const all = [...first.changed, ...second.changed, ...third.changed];
  assert.deepEqual(
    sorted(all),
    names.map((n) => `${n}.vcf`),
    'every card once, none twice',
  );
  const quiet = await sync(fixture, BOOK, third.token);
  assert.deepEqual([quiet.changed, quiet.removed, quiet.isTruncated], [[], [], false]);

  // A limit at least as large as the changes does not cut.
  const whole = await sync(fixture, BOOK, '', '5');
  assert.equal(whole.changed.length, 5);
  assert.ok(!whole.isTruncated);
});

test('a cut incremental sync reports changes and removals once across its rounds, writes meanwhile included', async (t) => {
  const fixture = await openDavFixture(t);
  for (const name of ['a', 'b', 'c', 'd'])
    await fixture.request('PUT', `${BOOK}${name}.vcf`, { headers: VCARD, body: card(name, name) });
  const start = (await sync(fixture, BOOK, '')).token;

  await fixture.request('PUT', `${BOOK}a.vcf`, { headers: VCARD, body: card('a', 'A2') });
  await fixture.request('DELETE', `${BOOK}b.vcf`);
  await fixture.request('PUT', `${BOOK}e.vcf`, { headers: VCARD, body: card('e', 'E') });
  await fixture.request('DELETE', `${BOOK}c.vcf`);
  await fixture.request('PUT', `${BOOK}f.vcf`, { headers: VCARD, body: card('f', 'F') });

  const first = await sync(fixture, BOOK, start, '2');
  assert.ok(first.isTruncated);
  assert.equal(first.changed.length + first.removed.length, 2);
  assert.deepEqual([first.changed, first.removed], [['a.vcf'], ['b.vcf']], 'in the order they happened');
  // Between two rounds: a card outside the delta changes, one of the delta not yet sent is removed.
  await fixture.request('PUT', `${BOOK}d.vcf`, { headers: VCARD, body: card('d', 'D2') });
  await fixture.request('DELETE', `${BOOK}f.vcf`);
  const rest = await syncAll(fixture, BOOK, first.token, 2);

  const changed = [...first.changed, ...rest.rounds.flatMap((r) => r.changed)];
  const removed = [...first.removed, ...rest.rounds.flatMap((r) => r.removed)];
  assert.deepEqual(sorted(changed), ['a.vcf', 'd.vcf', 'e.vcf'], 'each change once');
  assert.deepEqual(sorted(removed), ['b.vcf', 'c.vcf', 'f.vcf'], 'each removal once');
  const quiet = await sync(fixture, BOOK, rest.token);
  assert.deepEqual([quiet.changed, quiet.removed], [[], []]);
});

test('cards written by one transaction (an import) share a modseq, and still page one by one', async (t) => {
  const fixture = await openDavFixture(t);
  const file = ['u', 'v', 'w', 'x', 'y', 'z'].map((n) => card(n, n.toUpperCase())).join('');
  await fixture.services.contacts.importVcards('system', fixture.accounts.paul, 'contacts', file);
  const initial = await syncAll(fixture, BOOK, '', 4);
  assert.deepEqual(
    initial.rounds.map((r) => r.changed.length),
    [4, 2],
  );
  const all = initial.rounds.flatMap((r) => r.changed);
  assert.equal(new Set(all).size, 6, 'none twice');

  await fixture.services.contacts.importVcards(
    'system',
    fixture.accounts.paul,
    'contacts',
    ['p', 'q', 'r'].map((n) => card(n, n)).join(''),
  );
  const delta = await syncAll(fixture, BOOK, initial.token, 1);
  assert.deepEqual(
    delta.rounds.map((r) => r.changed.length),
    [1, 1, 1],
  );
  assert.equal(new Set(delta.rounds.flatMap((r) => r.changed)).size, 3);
});

test('a limit that is not a positive integer is 400, in the account’s language', async (t) => {
  const fixture = await openDavFixture(t);
  for (const limit of ['0', '-1', 'deux', '1.5', '']) {
    const answer = await fixture.request('REPORT', BOOK, {
      headers: { Depth: '0', ...PROPFIND_XML },
      body: syncBody('', limit),
    });
    assert.equal(answer.status, 400, limit);
    assert.equal(answer.text, 'La limite demandée (nresults) doit être un entier positif.\n');
  }
  const noResults = await fixture.request('REPORT', BOOK, {
    headers: PROPFIND_XML,
    body: '<D:sync-collection xmlns:D="DAV:"><D:sync-token/><D:limit/><D:prop><D:getetag/></D:prop></D:sync-collection>',
  });
  assert.equal(noResults.status, 400);
});

test('the directory book pages too, each cut answer resuming within the listing it started from', async (t) => {
  let listing: DirectoryListing = {
    version: 11,
    cards: ['p1', 'p2', 'p3', 'p4', 'p5'].map((id) => person(id, `Personne ${id}`)),
    readAt: new Date('2026-09-01T02:00:00Z'),
  };
  const fixture = await openDavFixture(t, {
    extraProviders: [directoryBook({ listDirectory: () => Promise.resolve(listing) })],
  });
  const directory = '/dav/addressbooks/paul@ac-test.fr/annuaire/';

  const first = await sync(fixture, directory, '', '2');
  assert.ok(first.isTruncated);
  assert.deepEqual(first.changed, ['p1.vcf', 'p2.vcf']);
  // The nightly import lands between two rounds: the paging finishes the listing it started.
  listing = {
    version: 12,
    cards: [
      person('p1', 'Personne p1', 'Proviseur'),
      person('p3', 'Personne p3'),
      person('p6', 'Personne p6'),
    ],
    readAt: new Date('2026-09-02T02:00:00Z'),
  };
  const rest = await syncAll(fixture, directory, first.token, 2);
  assert.deepEqual(
    [...first.changed, ...rest.rounds.flatMap((r) => r.changed)],
    ['p1.vcf', 'p2.vcf', 'p3.vcf', 'p4.vcf', 'p5.vcf'],
  );
  assert.equal(rest.token, 'http://vercors.fr/ns/sync/11');

  // Then from that listing to the new one, cut again: p1 changed, p6 arrived, p2, p4, p5 left.
  const delta = await syncAll(fixture, directory, rest.token, 2);
  assert.deepEqual(
    delta.rounds.map((r) => r.changed.length + r.removed.length),
    [2, 2, 1],
  );
  assert.deepEqual(sorted(delta.rounds.flatMap((r) => r.changed)), ['p1.vcf', 'p6.vcf']);
  assert.deepEqual(sorted(delta.rounds.flatMap((r) => r.removed)), ['p2.vcf', 'p4.vcf', 'p5.vcf']);
  assert.equal(delta.token, 'http://vercors.fr/ns/sync/12');

  // A continuation of a listing this process no longer knows is refused like any unknown token.
  const forgotten = await sync(
    fixture,
    directory,
    first.token.replace(/\/sync\/-\/11\//, '/sync/-/999/'),
    '2',
  );
  assert.equal(forgotten.status, 403);
  assert.match(forgotten.text, /valid-sync-token/);
});
