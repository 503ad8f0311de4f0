import assert from 'node:assert/strict';
import { test } from 'node:test';
import { resolveCreationReferences } from './creation-references.ts';

test('#creationId becomes the created id in id lists and update keys, and nothing else changes', () => {
  const created = new Map([
    ['draft', 'e1'],
    ['box', 'm1'],
  ]);
  assert.deepEqual(
    resolveCreationReferences(
      {
        accountId: 'a',
        ids: ['#draft', 'e2', '#unknown'],
        emailIds: ['#draft'],
        destroy: ['#box'],
        update: { '#draft': { 'keywords/$seen': true }, e3: { '#draft': 1 } },
        filter: { inMailbox: '#box' },
      },
      created,
    ),
    {
      accountId: 'a',
      ids: ['e1', 'e2', '#unknown'],
      emailIds: ['e1'],
      destroy: ['m1'],
      update: { e1: { 'keywords/$seen': true }, e3: { '#draft': 1 } },
      filter: { inMailbox: '#box' },
    },
  );
  const args = { ids: ['#draft'] };
  assert.equal(resolveCreationReferences(args, new Map()), args);
});
