import assert from 'node:assert/strict';
import { test } from 'node:test';
import { recoveryCodesText } from './recovery-codes-file.ts';

test('the sheet names the account and lists the codes numbered, one a line', () => {
  const codes = Array.from({ length: 10 }, (_, index) => `abcd-efgh-${String(index).padStart(4, '0')}`);
  const text = recoveryCodesText({
    title: 'Codes de secours',
    account: 'Compte : claire.martin@ac-test.fr',
    created: 'Créés le 12 nov. 2026, 14:05',
    advice: 'Chaque code ne sert qu’une fois.',
    codes,
  });
  const lines = text.split('\r\n');
  assert.equal(lines[0], 'Codes de secours');
  assert.ok(lines.includes('Compte : claire.martin@ac-test.fr'));
  assert.equal(lines.filter((line) => /^\s?\d+\. /.test(line)).length, 10);
  assert.ok(lines.includes(' 1. abcd-efgh-0000'));
  assert.ok(lines.includes('10. abcd-efgh-0009'));
  assert.ok(text.endsWith('\r\n'));
  assert.ok(!/[^\r]\n/.test(text), 'every line ends with CRLF');
});
