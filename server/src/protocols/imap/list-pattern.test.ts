// The LIST pattern matcher: `*` and `%`, the reference, INBOX's case, and a bounded cost for hostile patterns.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { ListPattern, MatchBudget } from './list-pattern.ts';

function matches(reference: string, pattern: string, name: string): boolean {
  return ListPattern.compile(reference, pattern).matches(name, new MatchBudget());
}

test('* matches across levels, % within one level', () => {
  assert.equal(matches('', '*', 'Projets/2024/Mars'), true);
  assert.equal(matches('', '%', 'Projets'), true);
  assert.equal(matches('', '%', 'Projets/2024'), false);
  assert.equal(matches('', 'Projets/%', 'Projets/2024'), true);
  assert.equal(matches('', 'Projets/%', 'Projets/2024/Mars'), false);
  assert.equal(matches('', 'Projets/*', 'Projets'), false);
  assert.equal(matches('', 'P*s', 'Projets/Devis'), true);
  assert.equal(matches('', 'P%s', 'Projets/Devis'), false);
  assert.equal(matches('', '%/%', 'a/b'), true);
  assert.equal(matches('', '*a%b', 'a/ab'), true, 'no greedy shortcut: the second `a` is the one that fits');
  assert.equal(matches('', '', ''), true);
  assert.equal(matches('', 'Sent', 'Sent Items'), false);
});

test('the reference is joined to the pattern, with one delimiter where both have it', () => {
  assert.equal(matches('Projets/', '%', 'Projets/2024'), true);
  assert.equal(matches('Projets/', '/%', 'Projets/2024'), true);
  assert.equal(matches('Projets', '/%', 'Projets/2024'), true);
  assert.equal(matches('Projets/', '%', 'Projets'), false);
});

test('INBOX matches in any case, its children too; other names are case-sensitive', () => {
  assert.equal(matches('', 'inbox', 'INBOX'), true);
  assert.equal(matches('', 'InBox/%', 'INBOX/Factures'), true);
  assert.equal(matches('', 'inbox/factures', 'INBOX/Factures'), false);
  assert.equal(matches('', 'i*', 'INBOX'), true);
  assert.equal(matches('', 'inboxes', 'INBOXES'), false);
  assert.equal(matches('', 'archives', 'Archives'), false);
});

test('wildcards in a run collapse: `%*%` is `*`, `%%` is `%`', () => {
  assert.equal(matches('', 'a%*%b', 'a/x/b'), true);
  assert.equal(matches('', 'a%%b', 'a/b'), false);
  assert.equal(matches('', 'a%%b', 'axyb'), true);
});

test('a pathological pattern on a long name costs a bounded number of steps, and an exhausted budget is a limit', () => {
  const name = `${'a/'.repeat(100)}b`;
  const pattern = ListPattern.compile('', `${'*%'.repeat(50)}a${'%*a'.repeat(50)}c`);
  const started = performance.now();
  assert.equal(pattern.matches(name, new MatchBudget()), false);
  assert.ok(performance.now() - started < 200, 'linear in name × pattern, not exponential');
  const tight = new MatchBudget(100);
  assert.throws(
    () => pattern.matches(name, tight),
    (error: unknown) => error instanceof DomainError && error.code === 'limit',
  );
});
