// FETCH on a 3,000-message mailbox (its own file: importing the mailbox takes a while, and test files run in
// parallel): UID, FLAGS and MODSEQ come from the snapshot without a single store call, rows for ENVELOPE,
// INTERNALDATE and RFC822.SIZE are loaded 100 at a time, and so are the header copies a listing reads. Enough messages for 30 batches; how fast a 100,000-
// message mailbox is answered belongs to bench/, not to a test.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openImapFixture } from '../imap.fixture.ts';
import { CONSEIL, spyOnMail } from './fetch-command.fixture.ts';
import { openMailbox } from './message-commands.fixture.ts';

const MESSAGES = 3_000;

test('FETCH 1:* of 3,000 messages: UID/FLAGS/MODSEQ from the snapshot, rows in batches of 100', async (t) => {
  const fixture = await openImapFixture(t);
  const requests = Array.from({ length: MESSAGES }, (_, index) => ({
    accountId: fixture.accounts.paul,
    raw: Buffer.from(CONSEIL.replace('Conseil de classe', `Conseil ${index + 1}`)),
    options: { mailboxRole: 'inbox' as const, keywords: index % 3 === 0 ? ['$seen'] : [] },
  }));
  for (let start = 0; start < MESSAGES; start += 500)
    await fixture.services.mail.importMessages(requests.slice(start, start + 500));
  const { client } = await openMailbox(fixture);
  await client.command('n1', 'NOOP');

  const spy = spyOnMail(fixture);
  t.after(spy.restore);
  let started = performance.now();
  const flags = await client.command('f1', 'FETCH 1:* (UID FLAGS MODSEQ)');
  t.diagnostic(`FETCH 1:* (UID FLAGS MODSEQ): ${Math.round(performance.now() - started)} ms`);
  // MODSEQ enables CONDSTORE: HIGHESTMODSEQ first, then one line per message.
  assert.equal(flags.length, MESSAGES + 2);
  assert.match(flags[0] ?? '', /^\* OK \[HIGHESTMODSEQ \d+\] CONDSTORE enabled$/);
  assert.match(flags[1] ?? '', /^\* 1 FETCH \(UID 1 FLAGS \(\\Seen\) MODSEQ \(\d+\)\)$/);
  assert.match(flags[MESSAGES] ?? '', /^\* 3000 FETCH \(UID 3000 FLAGS \(\) MODSEQ \(\d+\)\)$/);
  assert.equal(flags.at(-1), 'f1 OK FETCH completed');
  assert.deepEqual(spy.calls, [], 'no store call for snapshot items');

  started = performance.now();
  const envelopes = await client.command('f2', 'UID FETCH 1:* (ENVELOPE INTERNALDATE RFC822.SIZE)');
  t.diagnostic(
    `UID FETCH 1:* (ENVELOPE INTERNALDATE RFC822.SIZE): ${Math.round(performance.now() - started)} ms`,
  );
  assert.equal(envelopes.length, MESSAGES + 1);
  assert.match(envelopes[MESSAGES - 1] ?? '', /^\* 3000 FETCH \(UID 3000 ENVELOPE \(.*"Conseil 3000"/);
  assert.deepEqual(new Set(spy.calls), new Set(['getEmailSummaries']));
  assert.equal(spy.calls.length, MESSAGES / 100, 'one getEmailSummaries per 100 messages');

  // A client's listing: header fields, size and date come from the mailbox's copies, in UID order.
  spy.calls.length = 0;
  started = performance.now();
  const listing = await client.command(
    'f3',
    'UID FETCH 1:* (UID RFC822.SIZE INTERNALDATE BODY.PEEK[HEADER.FIELDS (SUBJECT)])',
  );
  t.diagnostic(`UID FETCH 1:* (… HEADER.FIELDS (SUBJECT)): ${Math.round(performance.now() - started)} ms`);
  assert.equal(listing.length, 4 * MESSAGES + 1);
  assert.match(
    listing.at(-5) ?? '',
    /^\* 3000 FETCH \(UID 3000 RFC822\.SIZE \d+ INTERNALDATE "[^"]+" BODY\[HEADER/,
  );
  assert.equal(listing.at(-4), 'Subject: Conseil 3000');
  assert.deepEqual(new Set(spy.calls), new Set(['getHeaderSummaries']));
  assert.equal(spy.calls.length, MESSAGES / 100, 'one getHeaderSummaries per 100 messages');

  // Size and date alone come from the copies too.
  spy.calls.length = 0;
  const sizes = await client.command('f4', 'FETCH 2999:3000 (RFC822.SIZE INTERNALDATE)');
  assert.match(sizes[0] ?? '', /^\* 2999 FETCH \(RFC822\.SIZE \d+ INTERNALDATE "[^"]+"\)$/);
  assert.deepEqual(spy.calls, ['getHeaderSummaries']);
});
