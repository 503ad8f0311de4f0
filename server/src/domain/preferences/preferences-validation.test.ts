// The checks of a Preferences change, table-driven: each property's accepted and refused values, every bad
// property named at once, and the remote-image senders put in one spelling.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { checkChanges, normalisedSender } from './preferences-validation.ts';
import type { PreferencesChanges } from './preferences.ts';

/** The properties (comma-separated) a refused change names, or undefined when it is accepted. */
function refused(changes: PreferencesChanges): string | undefined {
  try {
    checkChanges(changes);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError && error.code === 'invalid', String(error));
    return String(error.details.properties);
  }
}

test('accepted values go to the account record or the preferences table', () => {
  assert.deepEqual(
    checkChanges({
      locale: 'en',
      timeZone: 'America/Cayenne',
      readReceipts: 'never',
      requestReadReceipts: true,
      undoSendSeconds: 30,
      conversationView: false,
      remoteImagesFrom: ['lettre@ac-grenoble.fr'],
      composeFormat: 'text',
    }),
    {
      account: { locale: 'en', timeZone: 'America/Cayenne' },
      stored: {
        readReceipts: 'never',
        requestReadReceipts: true,
        undoSendSeconds: 30,
        conversationView: false,
        remoteImagesFrom: ['lettre@ac-grenoble.fr'],
        composeFormat: 'text',
      },
    },
  );
  assert.deepEqual(checkChanges({}), { account: {}, stored: {} });
  assert.deepEqual(checkChanges({ undoSendSeconds: 0, remoteImagesFrom: [] }).stored, {
    undoSendSeconds: 0,
    remoteImagesFrom: [],
  });
});

test('time zones are IANA names as Intl spells them; offsets and unknown names are refused', () => {
  for (const [given, stored] of [
    ['Europe/Paris', 'Europe/Paris'],
    ['Indian/Reunion', 'Indian/Reunion'],
    ['Pacific/Noumea', 'Pacific/Noumea'],
    ['europe/paris', 'Europe/Paris'],
    ['UTC', 'UTC'],
    ['Etc/GMT+3', 'Etc/GMT+3'],
  ] as const)
    assert.equal(checkChanges({ timeZone: given }).account.timeZone, stored, given);
  for (const zone of ['', 'Europe/Lyon', '+01:00', 'Europe/../Paris', ' Europe/Paris', `A/${'b'.repeat(70)}`])
    assert.equal(refused({ timeZone: zone }), 'timeZone', JSON.stringify(zone));
});

test('each bad value is refused naming its property', () => {
  const cases: readonly [PreferencesChanges, string][] = [
    [{ locale: 'de' }, 'locale'],
    [{ locale: 'FR' }, 'locale'],
    [{ locale: 'fr-FR' }, 'locale'],
    [{ readReceipts: 'sometimes' }, 'readReceipts'],
    [{ requestReadReceipts: 'yes' as unknown as boolean }, 'requestReadReceipts'],
    [{ undoSendSeconds: -1 }, 'undoSendSeconds'],
    [{ undoSendSeconds: 31 }, 'undoSendSeconds'],
    [{ undoSendSeconds: 2.5 }, 'undoSendSeconds'],
    [{ undoSendSeconds: Number.NaN }, 'undoSendSeconds'],
    [{ conversationView: 1 as unknown as boolean }, 'conversationView'],
    [{ composeFormat: 'markdown' }, 'composeFormat'],
    [{ composeFormat: 'HTML' }, 'composeFormat'],
    [{ remoteImagesFrom: ['not an address'] }, 'remoteImagesFrom'],
    [{ remoteImagesFrom: 'a@b.fr' as unknown as string[] }, 'remoteImagesFrom'],
    [{ remoteImagesFrom: [42] as unknown as string[] }, 'remoteImagesFrom'],
  ];
  for (const [changes, property] of cases) assert.equal(refused(changes), property, JSON.stringify(changes));
});

test('every bad property is named at once, and nothing is taken from a refused change', () => {
  assert.equal(
    refused({ locale: 'de', readReceipts: 'always', undoSendSeconds: 60, composeFormat: 'rtf' }),
    'locale,undoSendSeconds,composeFormat',
  );
});

test('remote-image senders: NFC, trimmed, lower case, each once, in the order given', () => {
  assert.deepEqual(
    checkChanges({
      remoteImagesFrom: [
        ' Marie.Curie@Example.FR ',
        '@ac-grenoble.fr',
        'marie.curie@example.fr',
        'news+fr@lettres.example.org',
        '@ÉCOLE.example',
        '@e\u0301cole.example',
      ],
    }).stored.remoteImagesFrom,
    ['marie.curie@example.fr', '@ac-grenoble.fr', 'news+fr@lettres.example.org', '@école.example'],
  );
});

test('a sender is an address or @domain, at most 255 bytes', () => {
  for (const entry of ['marie@example.fr', '@example.fr', "o'brien@example.ie", 'élève@exemple.fr'])
    assert.equal(typeof normalisedSender(entry), 'string', entry);
  for (const entry of [
    '',
    '   ',
    'example.fr',
    '@',
    'marie@',
    '@localhost',
    '@192.168.1.1',
    'marie@example.fr.',
    'ma rie@example.fr',
    '"marie"@example.fr',
    'marie..curie@example.fr',
    '.marie@example.fr',
    'marie@exa_mple.fr',
    'marie@-example.fr',
    'a\u0000b@example.fr',
    `${'a'.repeat(65)}@example.fr`,
    `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(63)}.fr`,
  ])
    assert.equal(normalisedSender(entry), undefined, JSON.stringify(entry));
  const longest = `${'a'.repeat(64)}@${'b'.repeat(63)}.${'c'.repeat(63)}.${'d'.repeat(59)}.fr`;
  assert.equal(Buffer.byteLength(longest), 255);
  assert.equal(normalisedSender(longest), longest);
});

test('at most 1,000 senders, counted as sent', () => {
  const many = Array.from({ length: 1000 }, (_, index) => `user${index}@example.fr`);
  assert.equal(checkChanges({ remoteImagesFrom: many }).stored.remoteImagesFrom?.length, 1000);
  assert.equal(refused({ remoteImagesFrom: [...many, '@example.fr'] }), 'remoteImagesFrom');
  assert.equal(
    refused({ remoteImagesFrom: Array.from({ length: 1001 }, () => '@example.fr') }),
    'remoteImagesFrom',
  );
});
