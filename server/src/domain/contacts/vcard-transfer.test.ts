import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openContactsFixture, refusedWith, vcard } from './contacts.fixture.ts';

test('an import creates, updates by UID, keeps unchanged cards and reports rejected ones', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await contacts.putCard('system', account.id, 'contacts', 'old.vcf', vcard({ uid: 'u1', fn: 'Ancien' }));
  const same = vcard({ uid: 'u3', fn: 'Same' });
  await contacts.putCard('system', account.id, 'contacts', 'same.vcf', same);
  const file = [
    vcard({ uid: 'u1', fn: 'Nouveau' }),
    vcard({ uid: 'u2', fn: 'Créé', email: 'cree@example.org' }),
    same,
    'BEGIN:VCARD\r\nVERSION:2.1\r\nFN:Vieux\r\nEND:VCARD\r\n',
    vcard({ uid: 'u2', fn: 'Doublon' }),
    vcard({ fn: 'Sans UID' }),
    'BEGIN:VCARD\r\nVERSION:3.0\r\nFN:Coupé\r\n',
  ].join('');
  const report = await contacts.importVcards({ accountId: account.id }, account.id, 'contacts', file);
  assert.deepEqual(
    { created: report.created, updated: report.updated, unchanged: report.unchanged },
    { created: 2, updated: 1, unchanged: 1 },
  );
  assert.deepEqual(
    [...report.rejected].sort((a, b) => a.line - b.line).map((r) => r.reason),
    ['unsupportedVersion', 'duplicateUid', 'unterminated'],
  );
  const cards = await contacts.listCards('system', account.id, 'contacts');
  assert.deepEqual(cards.map((c) => c.fullName).sort(), ['Créé', 'Nouveau', 'Same', 'Sans UID']);
  assert.equal(cards.find((c) => c.uid === 'u1')?.resourceName, 'old.vcf', 'replaced in place');
});

test('an export is every card of the book, each parseable again; re-importing it changes nothing', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const account = await newAccount();
  await contacts.putCard('system', account.id, 'contacts', 'a.vcf', vcard({ uid: 'a', fn: 'Anne' }));
  await contacts.putCard(
    'system',
    account.id,
    'contacts',
    'b.vcf',
    vcard({ uid: 'b', fn: 'Bruno' }).trimEnd(),
  );
  const file = await contacts.exportVcards('system', account.id, 'contacts');
  assert.equal(file.match(/BEGIN:VCARD/g)?.length, 2);
  const other = await newAccount();
  const first = await contacts.importVcards('system', other.id, 'contacts', file);
  assert.equal(first.created, 2);
  const second = await contacts.importVcards(
    'system',
    other.id,
    'contacts',
    await contacts.exportVcards('system', other.id, 'contacts'),
  );
  assert.deepEqual([second.created, second.updated, second.unchanged], [0, 0, 2]);
});

test('an import is refused into another account and into a missing book', async (t) => {
  const { contacts, newAccount } = await openContactsFixture(t);
  const owner = await newAccount();
  const other = await newAccount();
  await refusedWith(
    contacts.importVcards({ accountId: other.id }, owner.id, 'contacts', vcard({ fn: 'x' })),
    'notFound',
  );
  await refusedWith(contacts.importVcards('system', owner.id, 'nope', vcard({ fn: 'x' })), 'notFound');
  await refusedWith(contacts.exportVcards({ accountId: other.id }, owner.id, 'contacts'), 'notFound');
});
