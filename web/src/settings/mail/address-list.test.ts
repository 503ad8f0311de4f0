import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatAddressList, parseAddressList } from './address-list.ts';

test('one address a line, with or without a name; an empty field is no list', () => {
  assert.deepEqual(parseAddressList('  \n '), { addresses: null });
  assert.deepEqual(
    parseAddressList('Secrétariat <secretariat@ac-test.fr>\n\nmarie@example.fr\n"Durand, Paul" <p@x.fr>'),
    {
      addresses: [
        { name: 'Secrétariat', email: 'secretariat@ac-test.fr' },
        { name: null, email: 'marie@example.fr' },
        { name: 'Durand, Paul', email: 'p@x.fr' },
      ],
    },
  );
});

test('a line that is not an address is named; more than 20 are refused', () => {
  assert.deepEqual(parseAddressList('marie@example.fr\nsecretariat'), {
    problem: 'invalid',
    line: 'secretariat',
  });
  assert.deepEqual(parseAddressList('Marie <marie>'), { problem: 'invalid', line: 'Marie <marie>' });
  const many = Array.from({ length: 21 }, (_, i) => `a${i}@example.fr`).join('\n');
  assert.deepEqual(parseAddressList(many), { problem: 'tooMany' });
});

test('a list shown in the field reads back the same', () => {
  const list = [
    { name: 'Secrétariat', email: 'secretariat@ac-test.fr' },
    { name: null, email: 'marie@example.fr' },
  ];
  assert.equal(formatAddressList(list), 'Secrétariat <secretariat@ac-test.fr>\nmarie@example.fr');
  assert.deepEqual(parseAddressList(formatAddressList(list)), { addresses: list });
  assert.equal(formatAddressList(null), '');
});
