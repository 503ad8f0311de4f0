import assert from 'node:assert/strict';
import { test } from 'node:test';
import { readDraggedRows } from './dragged-rows.ts';

test('dragged conversations are read back as they were written', () => {
  const rows = { from: 'inbox', targets: [{ threadId: 't1', emailId: 'e1' }] };
  assert.deepEqual(readDraggedRows(JSON.stringify(rows)), rows);
  assert.deepEqual(readDraggedRows(JSON.stringify({ ...rows, from: null }))?.from, null);
});

test('anything else dropped is not taken for conversations', () => {
  for (const data of [
    '',
    'https://example.fr',
    'null',
    '[]',
    JSON.stringify({ from: 3, targets: [{ threadId: 't', emailId: 'e' }] }),
    JSON.stringify({ from: 'inbox', targets: [] }),
    JSON.stringify({ from: 'inbox', targets: [{ threadId: 't' }] }),
    JSON.stringify({ from: 'inbox', targets: [null] }),
    JSON.stringify({
      from: 'inbox',
      targets: Array.from({ length: 10_001 }, () => ({ threadId: 't', emailId: 'e' })),
    }),
  ]) {
    assert.equal(readDraggedRows(data), undefined, data.slice(0, 60));
  }
});
