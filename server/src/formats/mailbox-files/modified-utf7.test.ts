import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeFolderName, maildirPlusPlusPath } from './maildir-names.ts';
import { decodeModifiedUtf7Leniently } from './modified-utf7.ts';

test('modified UTF-7 folder names decode to what the user typed', () => {
  const cases: [string, string | undefined][] = [
    ['Envoy&AOk-s', 'Envoyés'],
    ['&AMk-l&AOk-ments envoy&AOk-s', 'Éléments envoyés'],
    ['Ind&AOk-sirables', 'Indésirables'],
    ['Tom &- Jerry', 'Tom & Jerry'],
    ['&ZeVnLIqe-', '日本語'],
    ['&2D3eAA-', '😀'],
    ['Plain', 'Plain'],
    // Not modified UTF-7: a UTF-8 name (mbsync), a stray ampersand, an encoded printable character.
    ['Envoyés', undefined],
    ['R&D', undefined],
    ['R&D-Team', undefined],
    ['&AGE-', undefined],
    ['&2D0-', undefined],
  ];
  for (const [name, expected] of cases) assert.equal(decodeModifiedUtf7Leniently(name), expected, name);
});

test('a folder name that is not modified UTF-7 is kept as written, in NFC', () => {
  assert.equal(decodeFolderName('R&D'), 'R&D');
  assert.equal(decodeFolderName('Envoye\u0301s'), 'Envoyés');
  assert.equal(decodeFolderName('Envoy&AOk-s'), 'Envoyés');
});

test('Maildir++ folder names are dot-separated hierarchies', () => {
  assert.deepEqual(maildirPlusPlusPath('.Sent'), ['Sent']);
  assert.deepEqual(maildirPlusPlusPath('.Projets.2024.Conseil &AOk-cole'), [
    'Projets',
    '2024',
    'Conseil école',
  ]);
  for (const name of ['.', '..', 'cur', '.a..b', '.trailing.', 'Sent']) {
    assert.equal(maildirPlusPlusPath(name), undefined, name);
  }
});
