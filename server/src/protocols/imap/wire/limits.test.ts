import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DEFAULT_WIRE_LIMITS, wireLimits } from './limits.ts';

describe('wire limits', () => {
  it('replaces only the bounds given, frozen', () => {
    const limits = wireLimits({ maxAppendBytes: 50 * 1024 * 1024 });
    assert.equal(limits.maxAppendBytes, 50 * 1024 * 1024);
    assert.equal(limits.maxLineBytes, DEFAULT_WIRE_LIMITS.maxLineBytes);
    assert.ok(Object.isFrozen(limits));
  });

  for (const bad of [0, -1, Number.NaN, 1.5, Number.POSITIVE_INFINITY]) {
    it(`refuses ${bad} instead of reading it as "no limit" or "refuse everything"`, () => {
      assert.throws(() => wireLimits({ maxLiterals: bad }), /maxLiterals must be a positive integer/);
    });
  }
});
