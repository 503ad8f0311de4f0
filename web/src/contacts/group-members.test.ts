import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { CardView } from './card-display.ts';
import {
  addMembersPatch,
  groupRecipients,
  memberFilters,
  memberUids,
  newGroup,
  removeMembersPatch,
} from './group-members.ts';

const person = (uid: string, name: string, email?: string): CardView => ({
  id: `id-${uid}`,
  uid,
  kind: 'individual',
  name: { full: name },
  ...(email !== undefined && { emails: { e1: { address: email } } }),
});

test('adding members patches each one, or writes the map when the group has none', () => {
  const empty: CardView = { id: 'g', uid: 'g', kind: 'group', name: { full: 'Maths' } };
  assert.deepEqual(addMembersPatch(empty, ['urn:uuid:a', 'urn:uuid:a']), { members: { 'urn:uuid:a': true } });
  const group = { ...empty, members: { 'urn:uuid:a': true as const } };
  assert.deepEqual(addMembersPatch(group, ['urn:uuid:a', 'b/c']), { 'members/b~1c': true });
  assert.deepEqual(addMembersPatch(group, ['urn:uuid:a']), {});
});

test('removing members patches each one; the last one removes the map', () => {
  const group: CardView = { id: 'g', uid: 'g', kind: 'group', members: { a: true, b: true } };
  assert.deepEqual(removeMembersPatch(group, ['a', 'z']), { 'members/a': null });
  assert.deepEqual(removeMembersPatch(group, ['a', 'b']), { members: null });
  assert.deepEqual(memberUids(group), ['a', 'b']);
  assert.deepEqual(newGroup(' Vie scolaire ', 'book', ['a']), {
    addressBookIds: { book: true },
    kind: 'group',
    name: { full: 'Vie scolaire' },
    members: { a: true },
  });
});

test('writing to a group: each member once, a subgroup expanded one level, those without address counted', () => {
  const cards = new Map<string, CardView>([
    ['a', person('a', 'Anne Leroy', 'anne@ac-test.fr')],
    ['b', person('b', 'Bruno Petit')],
    ['c', person('c', 'c@ac-test.fr', 'c@ac-test.fr')],
    ['s', { id: 's', uid: 's', kind: 'group', members: { a: true, d: true } }],
    ['d', person('d', 'Denise', 'DENISE@ac-test.fr')],
  ]);
  const group: CardView = {
    id: 'g',
    uid: 'g',
    kind: 'group',
    members: { a: true, b: true, c: true, s: true, gone: true },
  };
  assert.deepEqual(groupRecipients(group, cards), {
    recipients: [
      { name: 'Anne Leroy', email: 'anne@ac-test.fr' },
      { name: null, email: 'c@ac-test.fr' },
      { name: 'Denise', email: 'DENISE@ac-test.fr' },
    ],
    withoutEmail: 2,
  });
});

test('member lookups are cut into OR filters of at most 64 UIDs', () => {
  const uids = Array.from({ length: 130 }, (_, index) => `u${index}`);
  const filters = memberFilters(uids);
  assert.deepEqual(
    filters.map((filter) => (filter.conditions as unknown[]).length),
    [64, 64, 2],
  );
  assert.deepEqual((filters[2]?.conditions as unknown[])[1], { uid: 'u129' });
});
