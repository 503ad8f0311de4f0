// PostgreSQL and postgres.js errors to StoreError codes, table-driven (no server needed): which SQLSTATEs are
// conflicts, which are worth a retry, which mean the server is gone, and which are bugs left unmapped.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { StoreError } from '#core/errors';
import { isRetryablePostgresError, mapPostgresError } from './postgres-errors.ts';

const CASES: readonly { code: string; expected: StoreError['code'] | 'unmapped'; isRetryable?: boolean }[] = [
  { code: '23505', expected: 'conflict' }, // unique_violation
  { code: '23503', expected: 'conflict' }, // foreign_key_violation
  { code: '40001', expected: 'busy', isRetryable: true }, // serialization_failure
  { code: '40P01', expected: 'busy', isRetryable: true }, // deadlock_detected
  { code: '55P03', expected: 'busy' }, // lock_not_available
  { code: '57014', expected: 'busy' }, // query_canceled
  { code: '08006', expected: 'unavailable' }, // connection_failure
  { code: '57P01', expected: 'unavailable' }, // admin_shutdown
  { code: '3D000', expected: 'unavailable' }, // database does not exist
  { code: 'ECONNREFUSED', expected: 'unavailable' },
  { code: 'CONNECTION_CLOSED', expected: 'unavailable' },
  { code: 'XX001', expected: 'corrupt' }, // data_corrupted
  { code: '23502', expected: 'unmapped' }, // not_null_violation: a bug
  { code: '42601', expected: 'unmapped' }, // syntax_error: a bug
];

for (const { code, expected, isRetryable = false } of CASES) {
  test(`${code} maps to ${expected}${isRetryable ? ' and is retried' : ''}`, () => {
    const error = Object.assign(new Error(`error ${code}`), { code });
    const mapped = mapPostgresError(error);
    if (expected === 'unmapped') {
      assert.equal(mapped, error);
    } else {
      assert.ok(mapped instanceof StoreError);
      assert.equal(mapped.code, expected);
      assert.equal(mapped.cause, error);
    }
    assert.equal(isRetryablePostgresError(mapped), isRetryable);
  });
}

test('an error without a code, or already a StoreError, passes through unchanged', () => {
  const plain = new TypeError('bad parameter');
  assert.equal(mapPostgresError(plain), plain);
  const store = new StoreError('conflict', 'already mapped');
  assert.equal(mapPostgresError(store), store);
});
