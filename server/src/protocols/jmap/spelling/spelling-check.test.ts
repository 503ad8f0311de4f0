// Spelling/check (urn:vercors:jmap) over HTTP: its bounds in the session, its arguments refused before any
// work, `loading: true` at once while the dictionary loads, then the misspelled words with UTF-16 offsets and
// suggestions (the real dictionary, loaded once here); turned off by spelling.enabled.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { SPELLING_LIMITS } from '#domain/spelling';
import { openJmapFixture, readJson } from '../jmap.fixture.ts';
import { callOne } from '../vercors/vercors.fixture.ts';

test('the session lists the bounds of Spelling/check', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/jmap/session`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  const session = await readJson(response);
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.vercors].spelling, {
    languages: ['fr'],
    maxTextLength: 20_000,
    maxSuggestions: 5,
  });
});

test('bad arguments are refused before any check', async (t) => {
  const fixture = await openJmapFixture(t);
  const refusals: [Record<string, unknown>, string][] = [
    [{}, 'invalidArguments'],
    [{ text: 42 }, 'invalidArguments'],
    [{ text: 'bonjour', language: 'en' }, 'invalidArguments'],
    [{ text: 'bonjour', extra: true }, 'invalidArguments'],
    [{ text: 'a'.repeat(SPELLING_LIMITS.maxTextLength + 1) }, 'requestTooLarge'],
    [{ text: 'bonjour', accountId: fixture.accounts.marie }, 'accountNotFound'],
  ];
  for (const [args, type] of refusals) {
    assert.deepEqual(await callOne(fixture, 'Spelling/check', args), { error: type }, JSON.stringify(args));
  }
  // Without urn:vercors:jmap the method does not exist.
  const { responses } = await fixture.api([
    ['Spelling/check', { accountId: fixture.accounts.paul, text: 'bonjour' }, 's'],
  ]);
  assert.equal(responses[0]?.[1].type, 'unknownMethod');
});

test('while the dictionary loads the answer is "loading" at once; then words are checked', async (t) => {
  const fixture = await openJmapFixture(t);
  const started = performance.now();
  assert.deepEqual(await callOne(fixture, 'Spelling/check', { text: 'Bonjur', language: 'fr' }), {
    accountId: fixture.accounts.paul,
    loading: true,
    misspelled: [],
    isComplete: false,
  });
  assert.ok(performance.now() - started < 1000, 'no waiting for the dictionary');

  await fixture.services.spelling.load();
  const text = 'Merci 👍 pour la reunion d’aujourd’hui à l’hotel.';
  const answer = await callOne(fixture, 'Spelling/check', { text });
  assert.equal(answer.loading, false);
  assert.equal(answer.isComplete, true);
  assert.deepEqual(
    answer.misspelled.map((entry: { start: number; end: number; suggestions: string[] }) => [
      text.slice(entry.start, entry.end),
      entry.suggestions[0],
    ]),
    [
      ['reunion', 'réunion'],
      ['hotel', 'hôtel'],
    ],
  );
  assert.deepEqual(answer.misspelled[0], {
    word: 'reunion',
    start: 17,
    end: 24,
    suggestions: answer.misspelled[0].suggestions,
  });
});

test('turned off by spelling.enabled, the method is forbidden', async (t) => {
  const fixture = await openJmapFixture(t, { env: { VERCORS_SPELLING_ENABLED: 'false' } });
  assert.deepEqual(await callOne(fixture, 'Spelling/check', { text: 'bonjour' }), { error: 'forbidden' });
});
