import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { Invocation, JmapSession } from '@vercors/contract';
import type { JmapClient } from '../../jmap/jmap-client.ts';
import { jmapSpellingServer } from './jmap-spell-check.ts';

const SPELLING = { languages: ['fr'], maxTextLength: 20_000, maxSuggestions: 5 };

function fakeClient(capability: Record<string, unknown> | undefined) {
  const calls: Invocation[] = [];
  const client: JmapClient = {
    accountId: 'a1',
    session: {
      capabilities: capability === undefined ? {} : { 'urn:vercors:jmap': capability },
    } as unknown as JmapSession,
    async call(invocations) {
      calls.push(...invocations);
      return await Promise.resolve(
        new Map([
          [
            'spelling',
            {
              accountId: 'a1',
              loading: false,
              misspelled: [{ word: 'bonjur', start: 0, end: 6, suggestions: ['bonjour'] }],
              isComplete: true,
            },
          ],
        ]),
      );
    },
  };
  return { client, calls };
}

test('the check calls Spelling/check in French for the account, with the session’s bound', async () => {
  const { client, calls } = fakeClient({ spelling: SPELLING });
  const server = jmapSpellingServer(client);
  assert.equal(server?.maxTextLength, 20_000);
  const answer = await server?.check('bonjur');
  assert.deepEqual(calls, [
    ['Spelling/check', { accountId: 'a1', text: 'bonjur', language: 'fr' }, 'spelling'],
  ]);
  assert.deepEqual(answer, {
    loading: false,
    misspelled: [{ word: 'bonjur', start: 0, end: 6, suggestions: ['bonjour'] }],
  });
});

test('a server whose session offers no French spell check gives none', () => {
  assert.equal(jmapSpellingServer(fakeClient(undefined).client), undefined);
  assert.equal(jmapSpellingServer(fakeClient({ directorySearch: { maxResults: 50 } }).client), undefined);
  assert.equal(
    jmapSpellingServer(fakeClient({ spelling: { ...SPELLING, languages: ['de'] } }).client),
    undefined,
  );
  assert.equal(
    jmapSpellingServer(fakeClient({ spelling: { languages: 'fr', maxTextLength: 10 } }).client),
    undefined,
  );
  assert.equal(
    jmapSpellingServer(fakeClient({ spelling: { ...SPELLING, maxTextLength: 0 } }).client),
    undefined,
  );
});
