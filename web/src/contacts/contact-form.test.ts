import assert from 'node:assert/strict';
import { test } from 'node:test';
import { EMPTY_FORM, formFromCard, formProblems, newCardFromForm, phoneKindOf } from './contact-form.ts';

test('a new card maps the form to JSContact: names, contexts, phone kinds, organisation, address, note', () => {
  const card = newCardFromForm(
    {
      ...EMPTY_FORM,
      given: ' Hélène ',
      surname: 'Martin',
      emails: [
        { id: null, address: 'helene.martin@ac-test.fr', context: 'work' },
        { id: null, address: '  ', context: 'private' },
        { id: null, address: 'helene@example.org', context: 'private' },
      ],
      phones: [
        { id: null, number: '06 00 00 00 01', kind: 'mobile' },
        { id: null, number: '04 76 00 00 02', kind: 'fax' },
      ],
      organization: 'Lycée Champollion',
      title: 'Professeure certifiée',
      street: '1 cours La Fontaine',
      postcode: '38000',
      locality: 'Grenoble',
      country: 'France',
      note: 'Mathématiques\nSalle 12',
    },
    'book1',
  );
  assert.deepEqual(card, {
    addressBookIds: { book1: true },
    kind: 'individual',
    name: {
      components: [
        { kind: 'given', value: 'Hélène' },
        { kind: 'surname', value: 'Martin' },
      ],
      full: 'Hélène Martin',
    },
    emails: {
      e1: { address: 'helene.martin@ac-test.fr', contexts: { work: true } },
      e2: { address: 'helene@example.org', contexts: { private: true } },
    },
    phones: {
      p1: { number: '06 00 00 00 01', features: { mobile: true } },
      p2: { number: '04 76 00 00 02', features: { fax: true } },
    },
    organizations: { o1: { name: 'Lycée Champollion' } },
    titles: { t1: { name: 'Professeure certifiée', kind: 'title' } },
    addresses: {
      a1: {
        components: [
          { kind: 'name', value: '1 cours La Fontaine' },
          { kind: 'locality', value: 'Grenoble' },
          { kind: 'postcode', value: '38000' },
          { kind: 'country', value: 'France' },
        ],
      },
    },
    notes: { n1: { note: 'Mathématiques\nSalle 12' } },
  });
  // And the form reads it back as it was typed.
  const form = formFromCard({ id: 'x', uid: 'u', ...(card as object), kind: 'individual' });
  assert.deepEqual(
    [form.given, form.surname, form.locality, form.phones[1]?.kind],
    ['Hélène', 'Martin', 'Grenoble', 'fax'],
  );
});

test('a group has only a name; an empty form makes a bare card', () => {
  assert.deepEqual(newCardFromForm({ ...EMPTY_FORM, kind: 'group', name: 'Conseil péda' }, 'b'), {
    addressBookIds: { b: true },
    kind: 'group',
    name: { full: 'Conseil péda' },
  });
  assert.deepEqual(newCardFromForm(EMPTY_FORM, 'b'), { addressBookIds: { b: true }, kind: 'individual' });
});

test('phone kinds read from features first, then contexts', () => {
  assert.equal(phoneKindOf({ number: '1', features: { mobile: true }, contexts: { work: true } }), 'mobile');
  assert.equal(phoneKindOf({ number: '1', contexts: { private: true } }), 'home');
  assert.equal(phoneKindOf({ number: '1', features: { voice: true } }), 'other');
});

test('a person needs a name, an address or an organisation; a group a name; addresses look like some', () => {
  assert.deepEqual(formProblems(EMPTY_FORM), [{ problem: 'nameOrEmail' }]);
  assert.deepEqual(formProblems({ ...EMPTY_FORM, surname: 'Roux' }), []);
  assert.deepEqual(formProblems({ ...EMPTY_FORM, kind: 'group' }), [{ problem: 'groupName' }]);
  assert.deepEqual(
    formProblems({
      ...EMPTY_FORM,
      surname: 'Roux',
      emails: [
        { id: null, address: 'ok@ac-test.fr', context: 'work' },
        { id: null, address: 'Chloé Roux', context: 'work' },
      ],
    }),
    [{ problem: 'email', index: 1 }],
  );
});
