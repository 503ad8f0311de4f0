import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditMailCounters } from './counter-audit.fixture.ts';
import {
  mailboxByRole,
  mailChangesOf,
  newAccount,
  openMailFixture,
  rawMessage,
  refusedWith,
} from './mail.fixture.ts';

test('a mailbox is created at the root or under a parent, with its own UIDVALIDITY', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const projets = await fixture.mail.createMailbox(account.id, {
    name: 'Projets',
    colour: '#A0B1C2',
    sortOrder: 5,
  });
  const sortie = await fixture.mail.createMailbox(account.id, {
    name: 'Sortie à Lyon',
    parentId: projets.id,
    isSubscribed: false,
  });
  assert.equal(projets.parentId, null);
  assert.equal(projets.colour, '#a0b1c2');
  assert.equal(projets.sortOrder, 5);
  assert.equal(sortie.parentId, projets.id);
  assert.equal(sortie.isSubscribed, false);
  assert.equal(sortie.uidNext, 1);
  assert.ok(sortie.uidValidity > projets.uidValidity);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  assert.ok(projets.uidValidity > inbox.uidValidity, 'always above every UIDVALIDITY the account had');
  const changes = await mailChangesOf(fixture.database, account.id);
  assert.equal(changes.at(-1), `${sortie.highestModseq} created Mailbox`);
});

test('names are checked: not empty, no separator, no control characters, at most 255 bytes', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const create = (name: string) => fixture.mail.createMailbox(account.id, { name });
  await refusedWith(create(''), 'invalid', 'emptyName');
  await refusedWith(create('   '), 'invalid', 'emptyName');
  await refusedWith(create('a/b'), 'invalid', 'separatorInName');
  await refusedWith(create('a\nb'), 'invalid', 'controlCharacter');
  await refusedWith(create(' Projets'), 'invalid', 'surroundingSpaces');
  await refusedWith(create('é'.repeat(128)), 'limit', 'nameTooLong');
  const longest = await create('é'.repeat(127) + 'a');
  assert.equal(Buffer.byteLength(longest.name), 255);
  const nfc = await create('Re\u0301unions');
  assert.equal(nfc.name, 'Réunions', 'names are stored in NFC');
});

test('names are unique among siblings only, and INBOX is reserved at the root', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const a = await fixture.mail.createMailbox(account.id, { name: 'A' });
  const b = await fixture.mail.createMailbox(account.id, { name: 'B' });
  await fixture.mail.createMailbox(account.id, { name: 'Notes', parentId: a.id });
  await fixture.mail.createMailbox(account.id, { name: 'Notes', parentId: b.id });
  await refusedWith(
    fixture.mail.createMailbox(account.id, { name: 'Notes', parentId: a.id }),
    'exists',
    'nameTaken',
  );
  await refusedWith(fixture.mail.createMailbox(account.id, { name: 'Envoyés' }), 'exists', 'nameTaken');
  await refusedWith(fixture.mail.createMailbox(account.id, { name: 'inbox' }), 'exists', 'reservedName');
  await fixture.mail.createMailbox(account.id, { name: 'INBOX', parentId: a.id });
  const other = await newAccount(fixture);
  await fixture.mail.createMailbox(other.id, { name: 'A' });
});

test('a parent of another account is not found', async (t) => {
  const fixture = await openMailFixture(t);
  const owner = await newAccount(fixture);
  const other = await newAccount(fixture);
  const parent = await fixture.mail.createMailbox(owner.id, { name: 'Privé' });
  await refusedWith(
    fixture.mail.createMailbox(other.id, { name: 'Intrus', parentId: parent.id }),
    'notFound',
  );
  await refusedWith(fixture.mail.updateMailbox(other.id, parent.id, { name: 'Volé' }), 'notFound');
  await refusedWith(fixture.mail.destroyMailbox(other.id, parent.id, { removeEmails: true }), 'notFound');
});

test('rename and move keep the UIDVALIDITY; a mailbox never goes under itself or its descendants', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const a = await fixture.mail.createMailbox(account.id, { name: 'A' });
  const b = await fixture.mail.createMailbox(account.id, { name: 'B', parentId: a.id });
  const c = await fixture.mail.createMailbox(account.id, { name: 'C', parentId: b.id });
  await refusedWith(
    fixture.mail.updateMailbox(account.id, a.id, { parentId: a.id }),
    'invalid',
    'parentCycle',
  );
  await refusedWith(
    fixture.mail.updateMailbox(account.id, a.id, { parentId: c.id }),
    'invalid',
    'parentCycle',
  );
  const moved = await fixture.mail.updateMailbox(account.id, c.id, { parentId: null, name: 'C racine' });
  assert.equal(moved.parentId, null);
  assert.equal(moved.name, 'C racine');
  assert.equal(moved.uidValidity, c.uidValidity);
  await refusedWith(
    fixture.mail.updateMailbox(account.id, b.id, { name: 'A', parentId: null }),
    'exists',
    'nameTaken',
  );
  const renamed = await fixture.mail.updateMailbox(account.id, b.id, { name: 'b' });
  assert.equal(renamed.name, 'b', 'renaming to a case variant of itself is allowed');
});

test('the tree depth is bounded', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  let parentId: string | null = null;
  for (let level = 1; level <= 32; level++) {
    parentId = (await fixture.mail.createMailbox(account.id, { name: `L${level}`, parentId })).id;
  }
  await refusedWith(fixture.mail.createMailbox(account.id, { name: 'L33', parentId }), 'limit', 'tooDeep');
});

test('colour, subscription and sort order change alone; bad values are refused', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const box = await fixture.mail.createMailbox(account.id, { name: 'Classeur' });
  const blue = await fixture.mail.updateMailbox(account.id, box.id, { colour: 'Blue' });
  assert.equal(blue.colour, 'blue');
  assert.equal(blue.name, 'Classeur');
  const cleared = await fixture.mail.updateMailbox(account.id, box.id, {
    colour: null,
    isSubscribed: false,
    sortOrder: 3,
  });
  assert.deepEqual([cleared.colour, cleared.isSubscribed, cleared.sortOrder], [null, false, 3]);
  await refusedWith(
    fixture.mail.updateMailbox(account.id, box.id, { colour: '#12345' }),
    'invalid',
    'invalidColour',
  );
  await refusedWith(
    fixture.mail.updateMailbox(account.id, box.id, { colour: 'fuchsia' }),
    'invalid',
    'invalidColour',
  );
  await refusedWith(
    fixture.mail.updateMailbox(account.id, box.id, { sortOrder: -1 }),
    'invalid',
    'invalidSortOrder',
  );
  await refusedWith(
    fixture.mail.updateMailbox(account.id, box.id, { sortOrder: 1.5 }),
    'invalid',
    'invalidSortOrder',
  );
});

test('a role belongs to one mailbox per account; the inbox keeps its role and stays at the root', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const sent = await mailboxByRole(fixture, account.id, 'sent');
  const box = await fixture.mail.createMailbox(account.id, { name: 'Modèles', role: 'templates' });
  assert.equal(box.role, 'templates');
  await refusedWith(
    fixture.mail.createMailbox(account.id, { name: 'Autres', role: 'templates' }),
    'exists',
    'roleTaken',
  );
  await refusedWith(fixture.mail.updateMailbox(account.id, box.id, { role: 'sent' }), 'exists', 'roleTaken');
  await refusedWith(
    fixture.mail.createMailbox(account.id, { name: 'X', role: 'nonsense' as 'sent' }),
    'invalid',
    'unknownRole',
  );
  await refusedWith(
    fixture.mail.updateMailbox(account.id, inbox.id, { role: null }),
    'invalid',
    'inboxRoleRequired',
  );
  await refusedWith(
    fixture.mail.updateMailbox(account.id, inbox.id, { parentId: box.id }),
    'invalid',
    'inboxAtRoot',
  );
  await fixture.mail.updateMailbox(account.id, sent.id, { role: null });
  const moved = await fixture.mail.updateMailbox(account.id, box.id, { role: 'sent' });
  assert.equal(moved.role, 'sent');
  const renamedInbox = await fixture.mail.updateMailbox(account.id, inbox.id, { name: 'Courrier' });
  assert.equal(renamedInbox.role, 'inbox');
});

test('a mailbox with children, or the inbox, is not destroyed', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const parent = await fixture.mail.createMailbox(account.id, { name: 'Parent' });
  await fixture.mail.createMailbox(account.id, { name: 'Enfant', parentId: parent.id });
  await refusedWith(
    fixture.mail.destroyMailbox(account.id, parent.id, { removeEmails: true }),
    'inUse',
    'hasChildren',
  );
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  await refusedWith(
    fixture.mail.destroyMailbox(account.id, inbox.id, { removeEmails: true }),
    'invalid',
    'inboxRequired',
  );
});

test('destroying a mailbox with emails needs removeEmails; emails also elsewhere survive, the others go', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  const box = await fixture.mail.createMailbox(account.id, { name: 'Vrac' });
  const only = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxIds: [box.id] });
  const both = await fixture.mail.importMessage(account.id, rawMessage(), { mailboxIds: [box.id, inbox.id] });
  await refusedWith(
    fixture.mail.destroyMailbox(account.id, box.id, { removeEmails: false }),
    'inUse',
    'hasEmails',
  );
  await fixture.mail.destroyMailbox(account.id, box.id, { removeEmails: true });
  assert.equal(await fixture.mail.getMailbox(account.id, box.id), undefined);
  const left = await fixture.mail.getEmails(account.id, [only.emailId, both.emailId]);
  assert.deepEqual(
    left.map((e) => [e.id, e.mailboxUids]),
    [[both.emailId, { [inbox.id]: 1 }]],
  );
  assert.equal((await fixture.mail.getQuota(account.id)).used.messages, 1);
  const changes = await mailChangesOf(fixture.database, account.id);
  assert.ok(changes.some((line) => line.endsWith('destroyed Mailbox')));
  assert.ok(changes.some((line) => line.endsWith('destroyed Email')));
  await auditMailCounters(fixture.database, account.id);
});

test('a mailbox deleted and re-created under the same name gets a new UIDVALIDITY, even in the same second', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const first = await fixture.mail.createMailbox(account.id, { name: 'Temp' });
  await fixture.mail.destroyMailbox(account.id, first.id, { removeEmails: false });
  const second = await fixture.mail.createMailbox(account.id, { name: 'Temp' });
  assert.ok(second.uidValidity > first.uidValidity);
});

test('a mailbox lists and reports its status', async (t) => {
  const fixture = await openMailFixture(t);
  const account = await newAccount(fixture);
  const inbox = await mailboxByRole(fixture, account.id, 'inbox');
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox', keywords: ['$seen'] });
  await fixture.mail.importMessage(account.id, rawMessage(), { mailboxRole: 'inbox' });
  const status = await fixture.mail.mailboxStatus(account.id, inbox.id);
  const fresh = await fixture.mail.getMailbox(account.id, inbox.id);
  assert.ok(fresh);
  assert.deepEqual(status, {
    uidValidity: inbox.uidValidity,
    uidNext: 3,
    highestModseq: fresh.highestModseq,
    totalEmails: 2,
    unreadEmails: 1,
    size: fresh.size,
  });
  assert.equal(fresh.totalThreads, 2);
  assert.equal(fresh.unreadThreads, 1);
  assert.ok(fresh.size > 0);
});
