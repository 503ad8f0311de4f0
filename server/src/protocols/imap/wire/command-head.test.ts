import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseCommandHead, tagOfPrefix } from './command-head.ts';

describe('command head', () => {
  const cases: [string, object][] = [
    ['A001 NOOP', { tag: 'A001', name: 'NOOP', argumentsStart: 9 }],
    ['a1 uid fetch 1 FLAGS', { tag: 'a1', name: 'UID', argumentsStart: 6 }],
    ['x.y]z LOGIN', { tag: 'x.y]z', name: 'LOGIN', argumentsStart: 11 }],
    [
      'A+1 NOOP',
      { problem: 'badTag', message: 'Invalid tag: a command starts with a tag of letters and digits' },
    ],
    [
      '* NOOP',
      { problem: 'badTag', message: 'Invalid tag: a command starts with a tag of letters and digits' },
    ],
    ['A1', { problem: 'badCommandName', tag: 'A1', message: 'Missing command name' }],
    ['A1 ', { problem: 'badCommandName', tag: 'A1', message: 'Invalid command name' }],
    ['A1 NO{OP', { problem: 'badCommandName', tag: 'A1', message: 'Invalid command name' }],
    [
      `${'t'.repeat(300)} NOOP`,
      { problem: 'badTag', message: 'Invalid tag: a command starts with a tag of letters and digits' },
    ],
  ];
  for (const [line, expected] of cases) {
    it(`reads ${JSON.stringify(line.slice(0, 30))}`, () =>
      assert.deepEqual(parseCommandHead(Buffer.from(line), 256), expected));
  }

  it('finds the tag of a line too long to read whole', () => {
    assert.equal(tagOfPrefix(Buffer.from('A7 SEARCH xxxxx'), 256), 'A7');
    assert.equal(tagOfPrefix(Buffer.from('A7'), 256), undefined);
    assert.equal(tagOfPrefix(Buffer.from('(7 SEARCH'), 256), undefined);
  });
});
