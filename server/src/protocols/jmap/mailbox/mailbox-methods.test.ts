// Mailbox/get, /changes, /query, /queryChanges and /set over HTTP (RFC 8621 §2).

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openJmapFixture } from '../jmap.fixture.ts';

const MESSAGE =
  'From: Marie <marie@ac-test.fr>\nTo: paul@ac-test.fr\nSubject: Conseil de classe\n\nBonjour\n';

test('Mailbox/get lists the default mailboxes in the account’s language with counts and rights', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  await fixture.deliver('paul', MESSAGE);
  const { responses } = await fixture.api([['Mailbox/get', { accountId, ids: null }, 'g']]);
  const [name, result] = responses[0] ?? [];
  assert.equal(name, 'Mailbox/get');
  assert.equal(result.accountId, accountId);
  assert.match(result.state, /^[0-9]+$/);
  assert.deepEqual(result.notFound, []);
  const roles = result.list.map((mailbox: { role: string }) => mailbox.role).sort();
  assert.deepEqual(roles, ['archive', 'drafts', 'inbox', 'junk', 'sent', 'trash']);
  const inbox = result.list.find((mailbox: { role: string }) => mailbox.role === 'inbox');
  assert.equal(inbox.name, 'Boîte de réception');
  assert.equal(inbox.parentId, null);
  assert.equal(inbox.totalEmails, 1);
  assert.equal(inbox.unreadEmails, 1);
  assert.equal(inbox.totalThreads, 1);
  assert.equal(inbox.unreadThreads, 1);
  assert.equal(inbox.isSubscribed, true);
  assert.equal(inbox.myRights.mayDelete, false);
  assert.equal(inbox.myRights.mayRename, true);
  assert.equal(inbox.color, null);
  const trash = result.list.find((mailbox: { role: string }) => mailbox.role === 'trash');
  assert.equal(trash.myRights.mayDelete, true);

  const some = await fixture.api([
    [
      'Mailbox/get',
      { accountId, ids: [inbox.id, 'nothing-here', inbox.id], properties: ['name', 'totalEmails'] },
      'g',
    ],
  ]);
  assert.deepEqual(some.responses[0]?.[1].list, [
    { id: inbox.id, name: 'Boîte de réception', totalEmails: 1 },
  ]);
  assert.deepEqual(some.responses[0]?.[1].notFound, ['nothing-here']);

  // Marie's mailboxes are not Paul's to see: their ids are simply not found.
  const marie = await fixture.api([['Mailbox/query', { accountId: fixture.accounts.marie }, 'q']], {
    who: 'marie',
  });
  const marieIds: string[] = marie.responses[0]?.[1].ids;
  const probe = await fixture.api([['Mailbox/get', { accountId, ids: marieIds }, 'g']]);
  assert.deepEqual(probe.responses[0]?.[1].list, []);
  assert.deepEqual(probe.responses[0]?.[1].notFound, marieIds);
});

test('Mailbox/set creates a tree with creation references, updates and destroys, and Mailbox/changes reports it', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const before = (await fixture.api([['Mailbox/get', { accountId, ids: [] }, 'g']])).responses[0]?.[1].state;

  const { body, responses } = await fixture.api(
    [
      [
        'Mailbox/set',
        {
          accountId,
          ifInState: before,
          create: {
            projects: { name: 'Projets', color: 'teal', sortOrder: 5 },
            sortie: { name: 'Sortie à Grenoble', parentId: '#projects' },
            bad: { name: 'Rôle inconnu', role: 'spaceship' },
            computed: { name: 'Compté', totalEmails: 3 },
            nameless: { color: 'red' },
          },
        },
        's',
      ],
      // `*` maps over arrays only: on the `created` object it is a key like any other, and there is none.
      [
        'Mailbox/get',
        { accountId, '#ids': { resultOf: 's', name: 'Mailbox/set', path: '/created/*/id' } },
        'g',
      ],
    ],
    { createdIds: {} },
  );
  assert.equal(responses[1]?.[1].type, 'invalidResultReference');
  const set = responses[0]?.[1];
  assert.equal(responses[0]?.[0], 'Mailbox/set');
  assert.equal(set.oldState, before);
  assert.notEqual(set.newState, before);
  assert.deepEqual(Object.keys(set.created).sort(), ['projects', 'sortie']);
  assert.equal(set.created.projects.totalEmails, 0);
  assert.equal(set.created.projects.myRights.mayDelete, true);
  assert.deepEqual(set.notCreated.bad, {
    type: 'invalidProperties',
    description: 'cannot set role',
    properties: ['role'],
  });
  assert.deepEqual(set.notCreated.computed.properties, ['totalEmails']);
  assert.deepEqual(set.notCreated.nameless.properties, ['name']);
  assert.deepEqual(body.createdIds, { projects: set.created.projects.id, sortie: set.created.sortie.id });
  const made = (
    await fixture.api([
      ['Mailbox/get', { accountId, ids: [set.created.projects.id, set.created.sortie.id] }, 'g'],
    ])
  ).responses[0]?.[1].list;
  const sortie = made.find((mailbox: { name: string }) => mailbox.name === 'Sortie à Grenoble');
  assert.equal(sortie.parentId, set.created.projects.id);
  assert.equal(made.find((mailbox: { name: string }) => mailbox.name === 'Projets').color, 'teal');

  const projects = set.created.projects.id;
  const changed = await fixture.api([
    ['Mailbox/set', { accountId, ifInState: before }, 'stale'],
    [
      'Mailbox/set',
      {
        accountId,
        update: {
          [projects]: { name: 'Projets 2027', isSubscribed: false },
          [sortie.id]: { parentId: null },
          'no-such-mailbox': { name: 'x' },
          // Another id of the same form (one ending in '_' already would have been Sortie itself).
          [set.created.sortie.id.replace(/.$/, (last: string) => (last === '_' ? '-' : '_'))]: { name: 'y' },
        },
        destroy: [projects],
      },
      'u',
    ],
  ]);
  assert.equal(changed.responses[0]?.[1].type, 'stateMismatch');
  const update = changed.responses[1]?.[1];
  assert.deepEqual(Object.keys(update.updated).sort(), [projects, sortie.id].sort());
  assert.equal(update.notUpdated['no-such-mailbox'].type, 'notFound');
  // Sortie moved to the root first, so Projets had no child left and went.
  assert.deepEqual(update.destroyed, [projects]);

  const changes = await fixture.api([['Mailbox/changes', { accountId, sinceState: before }, 'c']]);
  const delta = changes.responses[0]?.[1];
  assert.equal(delta.oldState, before);
  assert.equal(delta.newState, update.newState);
  assert.equal(delta.hasMoreChanges, false);
  // Projets was created and destroyed within the window: it is left out (RFC 8620 §5.2).
  assert.deepEqual(delta.created, [sortie.id]);
  assert.deepEqual(delta.updated, []);
  assert.deepEqual(delta.destroyed, []);
  assert.equal(delta.updatedProperties, null);

  const paged = await fixture.api([['Mailbox/changes', { accountId, sinceState: '0', maxChanges: 2 }, 'c']]);
  assert.equal(paged.responses[0]?.[1].hasMoreChanges, true);
  const invalid = await fixture.api([
    ['Mailbox/changes', { accountId, sinceState: 'yesterday' }, 'c'],
    ['Mailbox/changes', { accountId, sinceState: '1', maxChanges: 0 }, 'd'],
  ]);
  assert.equal(invalid.responses[0]?.[1].type, 'cannotCalculateChanges');
  assert.equal(invalid.responses[1]?.[1].type, 'invalidArguments');
});

test('Mailbox/set refuses what the domain refuses: the inbox, children, emails, duplicates', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const mailboxes = (await fixture.api([['Mailbox/get', { accountId }, 'g']])).responses[0]?.[1].list;
  const byRole = (role: string) => mailboxes.find((mailbox: { role: string }) => mailbox.role === role).id;
  await fixture.deliver('paul', MESSAGE, 'junk');

  const first = await fixture.api([
    [
      'Mailbox/set',
      {
        accountId,
        create: {
          parent: { name: 'Classeur' },
          child: { name: 'Feuille', parentId: '#parent' },
          twin: { name: 'Archives' },
          orphan: { name: 'Orphelin', parentId: 'no-such-parent' },
          dangling: { name: 'Sans parent', parentId: '#nobody' },
          slash: { name: 'a/b' },
        },
      },
      's',
    ],
  ]);
  const created = first.responses[0]?.[1];
  assert.deepEqual(Object.keys(created.created).sort(), ['child', 'parent']);
  assert.equal(created.notCreated.twin.type, 'alreadyExists');
  assert.deepEqual(created.notCreated.orphan.properties, ['parentId']);
  assert.deepEqual(created.notCreated.dangling.properties, ['parentId']);
  assert.deepEqual(created.notCreated.slash.properties, ['name']);

  const destroy = await fixture.api([
    [
      'Mailbox/set',
      { accountId, destroy: [byRole('inbox'), created.created.parent.id, byRole('junk'), 'no-such-mailbox'] },
      'd',
    ],
  ]);
  const refused = destroy.responses[0]?.[1];
  assert.equal(refused.destroyed, null);
  assert.equal(refused.notDestroyed[byRole('inbox')].type, 'forbidden');
  assert.equal(refused.notDestroyed[created.created.parent.id].type, 'mailboxHasChild');
  assert.equal(refused.notDestroyed[byRole('junk')].type, 'mailboxHasEmail');
  assert.equal(refused.notDestroyed['no-such-mailbox'].type, 'notFound');

  const removing = await fixture.api([
    ['Mailbox/set', { accountId, destroy: [byRole('junk')], onDestroyRemoveEmails: true }, 'd'],
  ]);
  assert.deepEqual(removing.responses[0]?.[1].destroyed, [byRole('junk')]);
});

test('Mailbox/query filters, sorts, builds trees and windows; queryChanges asks to query again', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const made = await fixture.api([
    [
      'Mailbox/set',
      {
        accountId,
        create: {
          a: { name: 'Élèves', sortOrder: 20 },
          b: { name: 'absences', parentId: '#a', sortOrder: 1, isSubscribed: false },
          c: { name: 'Bulletins', parentId: '#a', sortOrder: 1 },
          d: { name: 'Zèbre', sortOrder: 20 },
        },
      },
      's',
    ],
  ]);
  const ids = Object.fromEntries(
    Object.entries(made.responses[0]?.[1].created).map(([key, value]) => [key, (value as { id: string }).id]),
  );
  const query = async (args: Record<string, unknown>) => {
    const { responses } = await fixture.api([['Mailbox/query', { accountId, ...args }, 'q']]);
    return responses[0]?.[1];
  };

  const named = await query({ filter: { name: 'ÉLÈ' } });
  assert.deepEqual(named.ids, [ids.a]);
  assert.equal(named.canCalculateChanges, false);
  assert.equal(named.position, 0);
  assert.match(named.queryState, /^[0-9]+$/);
  assert.deepEqual((await query({ filter: { parentId: ids.a }, sort: [{ property: 'name' }] })).ids, [
    ids.b,
    ids.c,
  ]);
  assert.deepEqual((await query({ filter: { isSubscribed: false } })).ids, [ids.b]);
  assert.equal((await query({ filter: { hasAnyRole: true }, calculateTotal: true })).total, 6);
  assert.deepEqual(
    (
      await query({
        filter: {
          operator: 'AND',
          conditions: [{ hasAnyRole: false }, { operator: 'NOT', conditions: [{ parentId: null }] }],
        },
      })
    ).ids.sort(),
    [ids.b, ids.c].sort(),
  );

  const tree = await query({
    filter: { hasAnyRole: false },
    sort: [{ property: 'sortOrder' }, { property: 'name', isAscending: false }],
    sortAsTree: true,
  });
  assert.deepEqual(tree.ids, [ids.d, ids.a, ids.c, ids.b]);
  // filterAsTree: a child whose parent does not match is left out with it.
  const pruned = await query({
    filter: { operator: 'NOT', conditions: [{ name: 'élèves' }] },
    filterAsTree: true,
    sortAsTree: true,
  });
  assert.ok(pruned.ids.includes(ids.d));
  assert.ok(!pruned.ids.includes(ids.b) && !pruned.ids.includes(ids.c));

  const all = await query({ sort: [{ property: 'name' }], sortAsTree: true });
  const window = await query({
    sort: [{ property: 'name' }],
    sortAsTree: true,
    anchor: all.ids[3],
    anchorOffset: -1,
    limit: 2,
  });
  assert.deepEqual(window.ids, all.ids.slice(2, 4));
  assert.equal(window.position, 2);
  const tail = await query({ sort: [{ property: 'name' }], sortAsTree: true, position: -2 });
  assert.deepEqual(tail.ids, all.ids.slice(-2));

  const errors = await fixture.api([
    ['Mailbox/query', { accountId, anchor: 'nowhere' }, 'a'],
    ['Mailbox/query', { accountId, sort: [{ property: 'colour' }] }, 'b'],
    ['Mailbox/query', { accountId, filter: { colour: 'red' } }, 'c'],
    ['Mailbox/queryChanges', { accountId, sinceQueryState: named.queryState }, 'd'],
  ]);
  assert.deepEqual(
    errors.responses.map(([, args]) => args.type),
    ['anchorNotFound', 'unsupportedSort', 'invalidArguments', 'cannotCalculateChanges'],
  );
});

test('Email/changes and Thread/changes follow deliveries, and Thread/get lists a thread’s emails', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const start = await fixture.api([
    ['Email/changes', { accountId, sinceState: '0' }, 'e'],
    ['Thread/changes', { accountId, sinceState: '0' }, 't'],
  ]);
  const emailState = start.responses[0]?.[1].newState;
  const threadState = start.responses[1]?.[1].newState;
  const first = await fixture.deliver('paul', `Message-ID: <one@ac-test.fr>\n${MESSAGE}`);
  const reply = await fixture.deliver(
    'paul',
    `Message-ID: <two@ac-test.fr>\nIn-Reply-To: <one@ac-test.fr>\nFrom: Paul <paul@ac-test.fr>\nTo: marie@ac-test.fr\nSubject: Re: Conseil de classe\n\nOui\n`,
  );
  assert.equal(reply.threadId, first.threadId);

  const { responses } = await fixture.api([
    ['Email/changes', { accountId, sinceState: emailState }, 'e'],
    ['Thread/changes', { accountId, sinceState: threadState }, 't'],
    ['Thread/get', { accountId, '#ids': { resultOf: 't', name: 'Thread/changes', path: '/created' } }, 'g'],
    ['Thread/get', { accountId }, 'noIds'],
  ]);
  assert.deepEqual(responses[0]?.[1].created.sort(), [first.emailId, reply.emailId].sort());
  assert.deepEqual(responses[1]?.[1].created, [first.threadId]);
  assert.deepEqual(responses[2]?.[1].list, [
    { id: first.threadId, emailIds: [first.emailId, reply.emailId] },
  ]);
  assert.equal(responses[3]?.[1].type, 'invalidArguments');
});
