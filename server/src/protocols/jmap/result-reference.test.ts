import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Invocation } from '@vercors/contract';
import { MethodError } from './method-error.ts';
import { resolveReferences } from './result-reference.ts';

const responses: Invocation[] = [
  ['Email/query', { ids: ['e1', 'e2'], 'a/b': { 'c~d': 7 } }, 'q'],
  [
    'Email/get',
    {
      list: [
        { id: 'e1', threadId: 't1', mailboxIds: { m1: true }, refs: ['x', 'y'] },
        { id: 'e2', threadId: 't2', refs: ['z'] },
      ],
    },
    'g',
  ],
  ['Email/query', { ids: ['later'] }, 'q'],
];
const ref = (path: string, resultOf = 'g', name = 'Email/get') => ({ '#ids': { resultOf, name, path } });
const failure = (path: string, resultOf?: string, name?: string) => {
  try {
    resolveReferences(ref(path, resultOf, name), responses);
  } catch (error) {
    assert.ok(error instanceof MethodError);
    return error.type;
  }
  return 'resolved';
};

test('a pointer reads objects and array items, and * maps over arrays and flattens arrays of results', () => {
  assert.deepEqual(resolveReferences(ref('/ids', 'q', 'Email/query'), responses), { ids: ['e1', 'e2'] });
  assert.deepEqual(resolveReferences(ref('/list/1/id'), responses), { ids: 'e2' });
  assert.deepEqual(resolveReferences(ref('/list/*/threadId'), responses), { ids: ['t1', 't2'] });
  assert.deepEqual(resolveReferences(ref('/list/*/refs'), responses), { ids: ['x', 'y', 'z'] });
  assert.deepEqual(resolveReferences(ref('/a~1b/c~0d', 'q', 'Email/query'), responses), { ids: 7 });
  assert.deepEqual(resolveReferences(ref('', 'q', 'Email/query'), responses).ids, responses[0]?.[1]);
  // Other arguments pass through untouched.
  assert.deepEqual(resolveReferences({ accountId: 'a', ...ref('/list/0/id') }, responses), {
    accountId: 'a',
    ids: 'e1',
  });
});

test('the first response with the call id answers, and every broken reference is invalidResultReference', () => {
  assert.deepEqual(resolveReferences(ref('/ids', 'q', 'Email/query'), responses).ids, ['e1', 'e2']);
  assert.equal(failure('/list/2/id'), 'invalidResultReference');
  assert.equal(failure('/list/01/id'), 'invalidResultReference');
  assert.equal(failure('/list/-1/id'), 'invalidResultReference');
  assert.equal(failure('/list/*/mailboxIds/m1'), 'invalidResultReference');
  assert.equal(failure('list'), 'invalidResultReference');
  assert.equal(failure('/list', 'missing'), 'invalidResultReference');
  assert.equal(failure('/list', 'g', 'Email/query'), 'invalidResultReference');
  assert.equal(failure(`/${'a/'.repeat(40)}b`), 'invalidResultReference');
  assert.throws(
    () => resolveReferences({ '#ids': { resultOf: 'g', name: 'Email/get' } }, responses),
    (error) => error instanceof MethodError && error.type === 'invalidResultReference',
  );
  assert.throws(
    () =>
      resolveReferences({ '#ids': { resultOf: 'g', name: 'Email/get', path: '/list', extra: 1 } }, responses),
    (error) => error instanceof MethodError && error.type === 'invalidResultReference',
  );
  assert.throws(
    () => resolveReferences({ ids: [], ...ref('/list/*/id') }, responses),
    (error) => error instanceof MethodError && error.type === 'invalidArguments',
  );
});
