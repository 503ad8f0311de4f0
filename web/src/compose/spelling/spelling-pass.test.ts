import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JmapMethodError, JmapRequestError } from '../../jmap/jmap-client.ts';
import { createParagraphCache } from './paragraph-cache.ts';
import { runSpellingPass, type SpellingAnswer } from './spelling-pass.ts';

/** A server that flags "bonjur" wherever it is, and records what it was sent. */
function fakeServer(answer?: (text: string) => SpellingAnswer | Error) {
  const sent: string[] = [];
  const check = async (text: string): Promise<SpellingAnswer> => {
    sent.push(text);
    const given = answer?.(text);
    if (given instanceof Error) throw given;
    if (given !== undefined) return given;
    const misspelled = [...text.matchAll(/bonjur/g)].map((match) => ({
      word: 'bonjur',
      start: match.index,
      end: match.index + 6,
      suggestions: ['bonjour'],
    }));
    return await Promise.resolve({ loading: false, misspelled });
  };
  return { check, sent };
}

test('unknown paragraphs go in one call and are cached one by one', async () => {
  const server = fakeServer();
  const cache = createParagraphCache();
  const outcome = await runSpellingPass(['bonjur Marie', 'À demain', '', 'bonjur'], {
    ...server,
    cache,
    maxTextLength: 1000,
  });
  assert.equal(outcome, 'done');
  assert.deepEqual(server.sent, ['bonjur Marie\n\nÀ demain\n\nbonjur']);
  assert.deepEqual(cache.get('bonjur Marie'), [
    { word: 'bonjur', start: 0, end: 6, suggestions: ['bonjour'] },
  ]);
  assert.deepEqual(cache.get('À demain'), []);
  assert.deepEqual(cache.get('bonjur'), [{ word: 'bonjur', start: 0, end: 6, suggestions: ['bonjour'] }]);
});

test('paragraphs already known, repeated or without letters are not sent again', async () => {
  const server = fakeServer();
  const cache = createParagraphCache();
  cache.set('déjà vu', []);
  await runSpellingPass(['déjà vu', 'nouveau', 'nouveau', '— 12 —'], {
    ...server,
    cache,
    maxTextLength: 1000,
  });
  assert.deepEqual(server.sent, ['nouveau']);
  assert.equal(
    await runSpellingPass(['déjà vu', 'nouveau'], { ...server, cache, maxTextLength: 1000 }),
    'done',
  );
  assert.equal(server.sent.length, 1, 'nothing new: no request');
});

test('past the length bound, paragraphs are split across calls', async () => {
  const server = fakeServer();
  await runSpellingPass(['a'.repeat(8), 'b'.repeat(8)], {
    ...server,
    cache: createParagraphCache(),
    maxTextLength: 10,
  });
  assert.deepEqual(server.sent, ['a'.repeat(8), 'b'.repeat(8)]);
});

test('while the server loads its dictionary the pass says so and caches nothing', async () => {
  const server = fakeServer(() => ({ loading: true, misspelled: [] }));
  const cache = createParagraphCache();
  assert.equal(await runSpellingPass(['bonjur'], { ...server, cache, maxTextLength: 1000 }), 'loading');
  assert.equal(cache.size, 0);
});

test('spell checking turned off (forbidden) or unknown to the server turns the checker off', async () => {
  for (const type of ['forbidden', 'unknownMethod']) {
    const server = fakeServer(() => new JmapMethodError('spelling', type));
    const outcome = await runSpellingPass(['bonjur'], {
      ...server,
      cache: createParagraphCache(),
      maxTextLength: 10,
    });
    assert.equal(outcome, 'off', type);
  }
});

test('a busy server or a network failure is a failure to retry, not the end', async () => {
  for (const error of [
    new JmapMethodError('spelling', 'serverUnavailable'),
    new JmapRequestError(0, 'network'),
  ]) {
    const server = fakeServer(() => error);
    const outcome = await runSpellingPass(['bonjur'], {
      ...server,
      cache: createParagraphCache(),
      maxTextLength: 10,
    });
    assert.equal(outcome, 'failed', error.message);
  }
});
