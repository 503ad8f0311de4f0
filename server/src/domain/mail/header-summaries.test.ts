// getHeaderSummaries: the header cache of a mailbox's messages read by UID from membership_headers. The copies
// follow the memberships through import, copy, move, expunge and mailbox removal; what they give equals
// getEmailSummaries; a message without a copy is read from its email; another account's mailbox gives nothing
// of it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { sql } from 'kysely';
import type { EmailSummary } from './email.ts';
import type { MailFixture } from './mail.fixture.ts';
import { mailboxByRole, newAccount, openMailFixture, rawMessage } from './mail.fixture.ts';

async function copiesIn(fixture: MailFixture, mailboxId: string): Promise<number[]> {
  const rows = await fixture.database.db
    .selectFrom('membership_headers')
    .select('uid')
    .where('mailbox_id', '=', mailboxId)
    .orderBy('uid')
    .execute();
  return rows.map((row) => Number(row.uid));
}

const comparable = (rows: readonly EmailSummary[]) =>
  rows.map((row) => ({
    id: row.id,
    size: row.size,
    receivedAt: row.receivedAt.getTime(),
    headerCache: Buffer.from(row.headerCache ?? []).toString(),
  }));

test('the copies follow import, copy, move, expunge and mailbox removal, and read as getEmailSummaries', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const archive = await mailboxByRole(fixture, account.id, 'archive');
  const folder = await fixture.mail.createMailbox(account.id, { name: 'Conseils' });
  const imported = [];
  for (const subject of ['Conseil de classe', 'Sortie au musée', 'Réunion parents'])
    imported.push(
      await fixture.mail.importMessage(account.id, rawMessage({ subject }), { mailboxRole: 'inbox' }),
    );
  assert.deepEqual(await copiesIn(fixture, inbox.id), [1, 2, 3]);

  const view = await fixture.mail.mailboxView(account.id, inbox.id);
  const ids = imported.map(({ emailId }) => emailId);
  const expected = comparable(await fixture.mail.getEmailSummaries(account.id, ids, ['headerCache']));
  assert.equal(expected.length, 3);
  assert.match(expected[1]?.headerCache ?? '', /^Subject: Sortie au musée\r\n/m);
  assert.deepEqual(comparable(await fixture.mail.getHeaderSummaries(account.id, inbox.id, view)), expected);
  // In the order asked, not in UID order.
  assert.deepEqual(
    comparable(await fixture.mail.getHeaderSummaries(account.id, inbox.id, [...view].reverse())),
    [...expected].reverse(),
  );

  await fixture.mail.copyEmails(account.id, { mailboxId: inbox.id, uids: [1, 2] }, folder.id);
  await fixture.mail.moveEmails(account.id, { mailboxId: inbox.id, uids: [3] }, archive.id);
  assert.deepEqual(await copiesIn(fixture, inbox.id), [1, 2]);
  assert.deepEqual(await copiesIn(fixture, folder.id), [1, 2]);
  assert.deepEqual(await copiesIn(fixture, archive.id), [1]);
  const archived = await fixture.mail.mailboxView(account.id, archive.id);
  assert.deepEqual(comparable(await fixture.mail.getHeaderSummaries(account.id, archive.id, archived)), [
    expected[2],
  ]);

  await fixture.mail.expunge(account.id, inbox.id, [2]);
  assert.deepEqual(await copiesIn(fixture, inbox.id), [1]);
  await fixture.mail.destroyMailbox(account.id, folder.id, { removeEmails: true });
  assert.deepEqual(await copiesIn(fixture, folder.id), []);
});

test("a message without a copy is read from its email; another account's mailbox gives none of its messages", async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const other = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const otherInbox = await mailboxByRole(fixture, other.id, 'inbox');
  await fixture.mail.importMessage(account.id, rawMessage({ subject: 'Premier' }), { mailboxRole: 'inbox' });
  await fixture.mail.importMessage(account.id, rawMessage({ subject: 'Second' }), { mailboxRole: 'inbox' });
  await fixture.mail.importMessage(other.id, rawMessage({ subject: 'Privé' }), { mailboxRole: 'inbox' });
  const view = await fixture.mail.mailboxView(account.id, inbox.id);
  const expected = comparable(
    await fixture.mail.getEmailSummaries(
      account.id,
      view.map((entry) => entry.emailId),
      ['headerCache'],
    ),
  );
  await fixture.database.write(async (tx) => {
    await tx.db
      .deleteFrom('membership_headers')
      .where('mailbox_id', '=', inbox.id)
      .where('uid', '=', 2)
      .execute();
  });
  assert.deepEqual(comparable(await fixture.mail.getHeaderSummaries(account.id, inbox.id, view)), expected);
  // The first message is read from its copy: a copy changed behind the store's back shows.
  await fixture.database.write(async (tx) => {
    await tx.db
      .updateTable('membership_headers')
      .set({ header_cache: Buffer.from('Subject: copie\r\n\r\n') })
      .where('mailbox_id', '=', inbox.id)
      .where('uid', '=', 1)
      .execute();
  });
  const [first, second] = comparable(await fixture.mail.getHeaderSummaries(account.id, inbox.id, view));
  assert.deepEqual([first?.headerCache, second], ['Subject: copie\r\n\r\n', expected[1]]);

  // Asked with the other account's mailbox and messages, this account reads none of them.
  const otherView = await fixture.mail.mailboxView(other.id, otherInbox.id);
  assert.deepEqual(await fixture.mail.getHeaderSummaries(account.id, otherInbox.id, otherView), []);
  // Its own messages asked under the other account's mailbox are read from its own emails, not from copies.
  assert.deepEqual(
    comparable(await fixture.mail.getHeaderSummaries(account.id, otherInbox.id, view)),
    expected,
  );
});

test('UIDs close together and UIDs far apart read the same copies, whatever their octets', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  for (let index = 1; index <= 12; index++)
    await fixture.mail.importMessage(account.id, rawMessage({ subject: `Message ${index}` }), {
      mailboxRole: 'inbox',
    });
  await fixture.mail.expunge(account.id, inbox.id, [6, 7]);
  // Octets no text encoding survives: a NUL, invalid UTF-8, CR without LF; and an empty copy.
  const odd = new Uint8Array([0x53, 0x3a, 0x00, 0xff, 0xc3, 0x28, 0x0d, 0x20, 0x0d, 0x0a, 0x0d, 0x0a]);
  await fixture.database.write(async (tx) => {
    for (const [uid, cache] of [
      [2, odd],
      [9, new Uint8Array(0)],
    ] as const)
      await tx.db
        .updateTable('membership_headers')
        .set({ header_cache: Buffer.from(cache) })
        .where('mailbox_id', '=', inbox.id)
        .where('uid', '=', uid)
        .execute();
  });
  const view = await fixture.mail.mailboxView(account.id, inbox.id);
  const byUid = new Map(view.map((entry) => [entry.uid, entry]));
  const rows = await fixture.database.db
    .selectFrom('membership_headers')
    .select(['uid', 'header_cache'])
    .where('mailbox_id', '=', inbox.id)
    .execute();
  const stored = new Map(rows.map((row) => [Number(row.uid), Buffer.from(row.header_cache).toString('hex')]));
  assert.equal(stored.get(2), Buffer.from(odd).toString('hex'));

  const emails = new Map(
    (
      await fixture.mail.getEmailSummaries(
        account.id,
        view.map((entry) => entry.emailId),
        [],
      )
    ).map((row) => [row.id, row]),
  );

  // Close together (read as a range holding UIDs not asked for), far apart (an IN list), one, out of order.
  for (const uids of [[1, 2, 4, 5, 8, 9], [2, 12], [9], [3, 11, 10]]) {
    const asked = uids.map((uid) => byUid.get(uid)).filter((entry) => entry !== undefined);
    assert.equal(asked.length, uids.length);
    const summaries = await fixture.mail.getHeaderSummaries(account.id, inbox.id, asked);
    assert.deepEqual(
      summaries.map((row) => [
        row.id,
        row.size,
        row.receivedAt.getTime(),
        Buffer.from(row.headerCache ?? []).toString('hex'),
      ]),
      asked.map((entry) => {
        const email = emails.get(entry.emailId);
        return [entry.emailId, email?.size, email?.receivedAt.getTime(), stored.get(entry.uid)];
      }),
      `UIDs ${uids.join(',')}`,
    );
  }

  // An arrival before 1970 (an APPEND may give one) reads back as written.
  await fixture.database.write(async (tx) => {
    await tx.db
      .updateTable('membership_headers')
      .set({ received_at: -3_600_000 })
      .where('mailbox_id', '=', inbox.id)
      .where('uid', '=', 4)
      .execute();
  });
  const [early] = await fixture.mail.getHeaderSummaries(
    account.id,
    inbox.id,
    [byUid.get(4)].filter((entry) => entry !== undefined),
  );
  assert.equal(early?.receivedAt.getTime(), -3_600_000);

  // A copy SQLite holds as TEXT (not written by the store, but possible in a file edited by hand) is cut by
  // its octets, not its characters.
  if (fixture.database.dialect.name === 'sqlite') {
    await fixture.database.write(async (tx) => {
      await sql`update membership_headers set header_cache = ${'Subject: été\r\n\r\n'}
        where mailbox_id = ${inbox.id} and uid = 3`.execute(tx.db);
    });
    const texts = await fixture.mail.getHeaderSummaries(
      account.id,
      inbox.id,
      [3, 4].map((uid) => byUid.get(uid)).filter((entry) => entry !== undefined),
    );
    assert.deepEqual(
      texts.map((row) => Buffer.from(row.headerCache ?? []).toString('utf8')),
      ['Subject: été\r\n\r\n', Buffer.from(stored.get(4) ?? '', 'hex').toString('utf8')],
    );
  }
});
