import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { parsePersonInput, primaryUai, type PersonInput } from './person.ts';

const MARTIN: PersonInput = {
  hrId: 'E12345',
  givenName: ' Hélène ',
  familyName: 'Martin',
  email: 'Helene.Martin@AC-Test.fr',
  title: 'Professeure de mathématiques',
  profileCategory: 'secondaryteacher',
  disciplines: ['Mathématiques', ' ', 'Mathématiques', 'Numérique  et sciences informatiques'],
  phone: '04 76 00 00 01',
  posts: [{ uai: '0380027y' }, { uai: '0380028Z', role: 'Direction' }],
};

function refused(input: PersonInput, reason: string): void {
  assert.throws(
    () => parsePersonInput(input),
    (error: unknown) =>
      error instanceof DomainError && error.code === 'invalid' && error.details.reason === reason,
    reason,
  );
}

test('a person is normalised: names, address, category, disciplines, default roles and main post', () => {
  const fields = parsePersonInput(MARTIN);
  assert.deepEqual(fields, {
    hrId: 'E12345',
    givenName: 'Hélène',
    familyName: 'Martin',
    displayName: 'Hélène Martin',
    email: 'helene.martin@ac-test.fr',
    title: 'Professeure de mathématiques',
    profileCategory: 'secondaryTeacher',
    disciplines: ['Mathématiques', 'Numérique et sciences informatiques'],
    phone: '04 76 00 00 01',
    posts: [
      { uai: '0380027Y', role: 'enseignant', isPrimary: true },
      { uai: '0380028Z', role: 'direction', isPrimary: false },
    ],
  });
  assert.equal(primaryUai(fields), '0380027Y');
});

test('the post marked primary is the main one; no category means other', () => {
  const fields = parsePersonInput({
    hrId: 'x1',
    givenName: 'A',
    familyName: 'B',
    posts: [{ uai: '0380027Y' }, { uai: '0380028Z', isPrimary: true }],
  });
  assert.equal(fields.profileCategory, 'other');
  assert.deepEqual(
    fields.posts.map((p) => [p.uai, p.role, p.isPrimary]),
    [
      ['0380027Y', 'autre', false],
      ['0380028Z', 'autre', true],
    ],
  );
  assert.equal(primaryUai(parsePersonInput({ hrId: 'x2', givenName: 'A', familyName: 'B' })), null);
});

test('each bad field is refused with its reason', () => {
  refused({ ...MARTIN, hrId: ' ' }, 'missingHrId');
  refused({ ...MARTIN, hrId: 'has space' }, 'invalidHrId');
  refused({ ...MARTIN, hrId: 'x'.repeat(65) }, 'invalidHrId');
  refused({ ...MARTIN, familyName: '' }, 'missingName');
  refused({ ...MARTIN, givenName: '\u0007' }, 'missingName');
  refused({ ...MARTIN, email: 'not-an-address' }, 'invalidEmail');
  refused({ ...MARTIN, email: 'a..b@ac-test.fr' }, 'invalidEmail');
  refused({ ...MARTIN, phone: 'call me' }, 'invalidPhone');
  refused({ ...MARTIN, profileCategory: 'teacher' }, 'invalidChoice');
  refused({ ...MARTIN, posts: [{ uai: '0380027A' }] }, 'invalidUai');
  refused({ ...MARTIN, posts: [{ uai: '0380027Y', role: 'chef' }] }, 'invalidChoice');
  refused({ ...MARTIN, posts: [{ uai: '0380027Y' }, { uai: '0380027y' }] }, 'duplicatePost');
  refused(
    {
      ...MARTIN,
      posts: [
        { uai: '0380027Y', isPrimary: true },
        { uai: '0380028Z', isPrimary: true },
      ],
    },
    'severalPrimaryPosts',
  );
  refused({ ...MARTIN, disciplines: Array.from({ length: 21 }, (_, i) => `D${i}`) }, 'tooMany');
  refused({ ...MARTIN, title: 'x'.repeat(201) }, 'invalidName');
});
