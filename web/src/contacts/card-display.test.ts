import assert from 'node:assert/strict';
import { test } from 'node:test';
import { cardDetail, displayName, preferredEmails, primaryEmail } from './card-display.ts';

test('a card is named by its full name, else its name parts, organisation or address', () => {
  assert.equal(
    displayName({ id: '1', uid: 'u', kind: 'individual', name: { full: ' Anne Leroy ' } }),
    'Anne Leroy',
  );
  assert.equal(
    displayName({
      id: '1',
      uid: 'u',
      kind: 'individual',
      name: {
        components: [
          { kind: 'given', value: 'Anne' },
          { kind: 'surname', value: 'Leroy' },
          { kind: 'credential', value: 'PhD' },
        ],
      },
    }),
    'Anne Leroy',
  );
  assert.equal(
    displayName({ id: '1', uid: 'u', kind: 'org', organizations: { o1: { name: 'Rectorat' } } }),
    'Rectorat',
  );
  assert.equal(
    displayName({ id: '1', uid: 'u', kind: 'individual', emails: { e1: { address: 'x@y.fr' } } }),
    'x@y.fr',
  );
  assert.equal(displayName({ id: '1', uid: 'u', kind: 'individual' }), '');
});

test('addresses come preferred first, then in card order', () => {
  const card = {
    id: '1',
    uid: 'u',
    kind: 'individual' as const,
    name: { full: 'Anne' },
    emails: { e1: { address: 'a@x.fr' }, e2: { address: 'b@x.fr', pref: 1 }, e3: { address: ' ' } },
    titles: { t1: { name: 'CPE' } },
    organizations: { o1: { name: 'Collège' } },
  };
  assert.deepEqual(
    preferredEmails(card).map((email) => email.id),
    ['e2', 'e1'],
  );
  assert.equal(primaryEmail(card), 'b@x.fr');
  assert.equal(cardDetail(card), 'CPE · Collège');
  assert.equal(cardDetail({ ...card, titles: undefined, organizations: undefined }), 'b@x.fr');
});
