import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JmapMailbox } from '@vercors/contract';
import { flattenTree, mailboxTree } from './mailbox-tree.ts';

function mailbox(id: string, name: string, extra: Partial<JmapMailbox> = {}): JmapMailbox {
  return {
    id,
    name,
    parentId: null,
    role: null,
    sortOrder: 0,
    totalEmails: 0,
    unreadEmails: 0,
    totalThreads: 0,
    unreadThreads: 0,
    myRights: {} as JmapMailbox['myRights'],
    isSubscribed: true,
    color: null,
    ...extra,
  };
}

test('special folders come first in a fixed order, then the others in French order, children under parents', () => {
  const tree = mailboxTree(
    [
      mailbox('t', 'Corbeille', { role: 'trash' }),
      mailbox('z', 'Zoé'),
      mailbox('e', 'élèves'),
      mailbox('i', 'Boîte de réception', { role: 'inbox' }),
      mailbox('s', 'Envoyés', { role: 'sent' }),
      mailbox('c', 'Conseils', { parentId: 'e' }),
      mailbox('a', 'Année 2', { parentId: 'e' }),
      mailbox('o', 'Orphelin', { parentId: 'gone' }),
      mailbox('d', 'Brouillons', { role: 'drafts' }),
    ],
    'fr',
  );
  assert.deepEqual(
    flattenTree(tree).map((node) => `${'  '.repeat(node.depth)}${node.mailbox.name}`),
    [
      'Boîte de réception',
      'Brouillons',
      'Envoyés',
      'Corbeille',
      'élèves',
      '  Année 2',
      '  Conseils',
      'Orphelin',
      'Zoé',
    ],
  );
});

test('a cycle in parent ids cannot loop', () => {
  const tree = mailboxTree(
    [mailbox('a', 'A', { parentId: 'b' }), mailbox('b', 'B', { parentId: 'a' })],
    'fr',
  );
  assert.deepEqual(flattenTree(tree), []);
});
