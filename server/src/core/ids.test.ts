// Ids: the JMAP shape, the prefix, and no repeat across many pool refills.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, newIncidentId, newTimeOrderedId } from './ids.ts';

test('an id is its prefix and 16 URL-safe characters, and none repeats over many refills of the pool', () => {
  const seen = new Set<string>();
  for (let index = 0; index < 20_000; index += 1) {
    const id = newId('e');
    assert.match(id, /^e[A-Za-z0-9_-]{16}$/);
    seen.add(id.slice(1));
  }
  assert.equal(seen.size, 20_000);
  // 96 random bits: every character position takes many values, none is stuck (a pool slice reused or unset).
  for (let position = 0; position < 16; position += 1) {
    const values = new Set([...seen].map((id) => id[position]));
    assert.ok(values.size > 50, `position ${position} takes ${values.size} values`);
  }
});

test('an incident id is 12 hexadecimal characters', () => {
  assert.match(newIncidentId(), /^[0-9a-f]{12}$/);
  assert.notEqual(newIncidentId(), newIncidentId());
});

test('a time-ordered id sorts by its creation time, then is random, in the same shape as any id', () => {
  const start = Date.UTC(2026, 10, 30, 12, 0, 0);
  const ids = Array.from({ length: 5_000 }, (_, index) => newTimeOrderedId('e', start + index * 997));
  for (const id of ids) assert.match(id, /^e[A-Za-z0-9_-]{16}$/);
  // Byte order (SQLite's and PostgreSQL's C collation for text keys) is creation order.
  const sorted = [...ids].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  assert.deepEqual(sorted, ids);
  // The time crosses every digit boundary: the 64th, 4,096th … millisecond.
  assert.ok(newTimeOrderedId('t', 64) > newTimeOrderedId('t', 63));
  assert.ok(newTimeOrderedId('t', 2 ** 47) > newTimeOrderedId('t', 2 ** 47 - 1));
  // The same millisecond: one time prefix, 48 random bits after it.
  const sameMs = new Set(Array.from({ length: 1_000 }, () => newTimeOrderedId('e', start)));
  assert.equal(sameMs.size, 1_000);
  assert.equal(new Set([...sameMs].map((id) => id.slice(0, 9))).size, 1);
});
