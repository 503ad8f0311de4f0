import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ConfigError, DomainError, StoreError } from '#core/errors';
import { errorOf, failureOf } from './prepare-message.ts';

/** What crosses the IPC channel is JSON. */
const across = (error: unknown) => errorOf(JSON.parse(JSON.stringify(failureOf(error))));

test('a failure crosses to the primary as the same error class, with what the CLI reports of it', () => {
  const config = across(new ConfigError(['tls.certificate: no such file']));
  assert.ok(config instanceof ConfigError);
  assert.deepEqual(config.problems, ['tls.certificate: no such file']);

  const domain = across(new DomainError('exists', 'domain exists', { details: { domain: 'ac-test.fr' } }));
  assert.ok(domain instanceof DomainError);
  assert.deepEqual(
    [domain.code, domain.message, domain.details],
    ['exists', 'domain exists', { domain: 'ac-test.fr' }],
  );

  const store = across(new StoreError('unavailable', 'connection refused'));
  assert.ok(store instanceof StoreError);
  assert.deepEqual([store.code, store.message], ['unavailable', 'connection refused']);
});

test('an unexpected error keeps its name, message and the stack of where it happened', () => {
  const original = new TypeError('x is not a function');
  const crossed = across(original);
  assert.deepEqual(
    [crossed.name, crossed.message, crossed.stack],
    ['TypeError', 'x is not a function', original.stack],
  );
  assert.equal(across('a string thrown').message, 'a string thrown');
});
