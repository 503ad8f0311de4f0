// Validation of change events crossing a process boundary: what passes, what is refused.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { assertChangeEvent, MAX_TYPES, parseChangeEvent } from './change-event-message.ts';

const VALID = { accountId: 'aB3_x-9', modseq: 42, types: ['Email', 'Mailbox'] };

test('a well-formed event is returned as a copy holding only its fields', () => {
  const parsed = parseChangeEvent({ ...VALID, extra: 'dropped' });
  assert.deepEqual(parsed, VALID);
  assert.notEqual(parsed?.types, VALID.types);
});

test('edge values are accepted', () => {
  for (const event of [
    { accountId: 'a', modseq: 0, types: [] },
    {
      accountId: 'a'.repeat(255),
      modseq: Number.MAX_SAFE_INTEGER,
      types: Array(MAX_TYPES).fill('T'.repeat(64)),
    },
    { accountId: 'a', modseq: 1, types: ['urn:ietf:params:jmap:mail/Email'] },
  ]) {
    assert.deepEqual(parseChangeEvent(event), event);
  }
});

test('malformed events are refused', () => {
  const cases: [string, unknown][] = [
    ['null', null],
    ['a string', 'Email'],
    ['no account', { modseq: 1, types: [] }],
    ['empty account', { ...VALID, accountId: '' }],
    ['account too long', { ...VALID, accountId: 'a'.repeat(256) }],
    ['account with a slash', { ...VALID, accountId: '../etc' }],
    ['account with a quote', { ...VALID, accountId: 'a"b' }],
    ['non-ASCII account', { ...VALID, accountId: 'é' }],
    ['modseq as a string', { ...VALID, modseq: '42' }],
    ['negative modseq', { ...VALID, modseq: -1 }],
    ['fractional modseq', { ...VALID, modseq: 1.5 }],
    ['unsafe modseq', { ...VALID, modseq: 2 ** 53 }],
    ['types not an array', { ...VALID, types: 'Email' }],
    ['too many types', { ...VALID, types: Array(MAX_TYPES + 1).fill('Email') }],
    ['empty type', { ...VALID, types: [''] }],
    ['type too long', { ...VALID, types: ['T'.repeat(65)] }],
    ['type with a space', { ...VALID, types: ['Email Submission'] }],
    ['type not a string', { ...VALID, types: [1] }],
  ];
  for (const [name, value] of cases) assert.equal(parseChangeEvent(value), undefined, name);
});

test('assertChangeEvent throws on a malformed event: a bug in the publisher', () => {
  assert.doesNotThrow(() => assertChangeEvent(VALID));
  assert.throws(() => assertChangeEvent({ ...VALID, modseq: -1 }), assert.AssertionError);
});
