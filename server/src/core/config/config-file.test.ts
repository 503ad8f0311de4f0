import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_CONFIG_FILE_BYTES, parseConfigFile, quoteConfigValue } from './config-file.ts';

test('comments, blank lines, quotes and trailing comments are understood', () => {
  const { entries, problems } = parseConfigFile(
    '# a comment\n\nhostname = mail.ac-demo.fr  # public name\nlisten.smtp = ""\nmotd = "a # b \\"c\\""\n',
    'f',
  );
  assert.deepEqual(problems, []);
  assert.deepEqual(
    entries.map((e) => [e.key, e.value, e.line]),
    [
      ['hostname', 'mail.ac-demo.fr', 3],
      ['listen.smtp', '', 4],
      ['motd', 'a # b "c"', 5],
    ],
  );
});

test('a key set twice, a bad line and an unterminated quote are each reported with their line', () => {
  const { problems } = parseConfigFile('a = 1\na = 2\n= x\nb = "open\n', 'f');
  assert.deepEqual(problems, [
    { key: 'duplicate', params: { where: 'f:2', key: 'a', line: 1 } },
    { key: 'badLine', params: { where: 'f:3', text: '= x' } },
    { key: 'unterminated', params: { where: 'f:4', key: 'b' } },
  ]);
});

test('an oversized file is refused whole', () => {
  const { entries, problems } = parseConfigFile('a = 1\n'.repeat(MAX_CONFIG_FILE_BYTES / 4), 'f');
  assert.equal(entries.length, 0);
  assert.equal(problems.length, 1);
});

test('values with spaces, hashes or nothing are quoted for writing back', () => {
  assert.equal(quoteConfigValue(''), '""');
  assert.equal(quoteConfigValue('a b'), '"a b"');
  assert.equal(quoteConfigValue('plain'), 'plain');
  assert.deepEqual(
    parseConfigFile(`k = ${quoteConfigValue('x "y" # z')}`, 'f').entries[0]?.value,
    'x "y" # z',
  );
});
