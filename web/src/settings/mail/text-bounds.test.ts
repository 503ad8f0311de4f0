import assert from 'node:assert/strict';
import { test } from 'node:test';
import { textProblem, utf8Bytes } from './text-bounds.ts';

test('sizes are counted in UTF-8 bytes, as the server bounds them', () => {
  assert.equal(utf8Bytes('abc'), 3);
  assert.equal(utf8Bytes('é'), 2);
  assert.equal(utf8Bytes('€'), 3);
  assert.equal(textProblem('é'.repeat(128), 'line', 255), 'tooLong');
  assert.equal(textProblem('é'.repeat(127), 'line', 255), undefined);
});

test('a line holds no line break or control; free text keeps lines and tabs', () => {
  assert.equal(textProblem('Signature\nformelle', 'line', 255), 'control');
  assert.equal(textProblem('a\u2028b', 'line', 255), 'control');
  assert.equal(textProblem('Cordialement,\n\tClaire', 'text', 255), undefined);
  assert.equal(textProblem('nul\u0000', 'text', 255), 'control');
  assert.equal(textProblem('\ud800 seul', 'text', 255), 'control');
});
