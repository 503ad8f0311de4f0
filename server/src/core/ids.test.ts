// Ids: the JMAP shape, the prefix, and no repeat across many pool refills.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newId, newIncidentId } from './ids.ts';

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
