import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { SearchError } from './search-errors.ts';
import { DEFAULT_SEARCH_LIMITS, type SearchLimits } from './search-limits.ts';
import { fakeMailbox, matchesOf } from './search.fixture.ts';
import type { ThreadAlgorithm } from './sort-criteria.ts';
import type { MessageData } from './sort-run.ts';
import { normalizeMessageId, runThread, threadResponse } from './thread-run.ts';

/** A message by its UID: Message-ID, References, subject, Date: as hours after a fixed instant. */
interface Message {
  readonly uid: number;
  readonly id?: string;
  readonly refs?: readonly string[];
  readonly inReplyTo?: readonly string[];
  readonly subject?: string;
  /** Hours; undefined: no Date: header (the internal date, hour 100 + uid, is used). */
  readonly hour?: number;
}

const BASE = Date.parse('2026-11-01T00:00:00Z');
const hours = (n: number) => new Date(BASE + n * 3_600_000);

async function thread(
  messages: readonly Message[],
  algorithm: ThreadAlgorithm = 'REFERENCES',
  limits: SearchLimits = DEFAULT_SEARCH_LIMITS,
): Promise<string> {
  const { snapshot } = fakeMailbox(messages.map(({ uid }) => ({ uid, receivedAt: '2026-11-01T00:00:00Z' })));
  const byId = new Map(messages.map((message) => [`e${message.uid}`, message]));
  const threads = await runThread({
    algorithm,
    matches: matchesOf(snapshot),
    isUid: true,
    limits,
    readMessages: (ids) =>
      Promise.resolve(
        ids.map((id): MessageData => {
          const message = byId.get(id)!;
          return {
            id,
            receivedAt: hours(100 + message.uid),
            sentAt: message.hour === undefined ? null : hours(message.hour),
            size: 1000,
            subject: message.subject ?? `Subject ${message.uid}`,
            normalizedSubject: '',
            from: [],
            to: [],
            cc: [],
            messageId: message.id ?? null,
            inReplyTo: message.inReplyTo ?? [],
            references: message.refs ?? [],
          };
        }),
      ),
  });
  return threadResponse(threads).toString('latin1').replace(/\r\n$/, '');
}

/** RFC 5256 §4's example response, built from the references that make it. */
const RFC_EXAMPLE: readonly Message[] = [
  { uid: 2, id: 'm2', subject: 'Alpha', hour: 1 },
  { uid: 3, id: 'm3', subject: 'gewp', hour: 2 },
  { uid: 4, id: 'm4', refs: ['m3', 'm6'], subject: 'Re: gewp', hour: 4 },
  { uid: 6, id: 'm6', refs: ['m3'], subject: 'Re: gewp', hour: 3 },
  { uid: 7, id: 'm7', refs: ['m3', 'm6', 'm44'], subject: 'Re: gewp', hour: 7 },
  { uid: 23, id: 'm23', refs: ['m3', 'm6', 'm4'], subject: 'Re: gewp', hour: 5 },
  { uid: 44, id: 'm44', refs: ['m3', 'm6'], subject: 'Re: gewp', hour: 6 },
  { uid: 96, id: 'm96', refs: ['m3', 'm6', 'm44', 'm7'], subject: 'Re: gewp', hour: 8 },
];

/** [messages, THREAD=REFERENCES response, what the case shows]. */
const REFERENCES: readonly (readonly [readonly Message[], string, string])[] = [
  [RFC_EXAMPLE, '* THREAD (2)(3 6 (4 23)(44 7 96))', 'the RFC’s example'],
  [
    [
      { uid: 3, id: 'a', refs: ['missing'], subject: 'Re: x', hour: 1 },
      { uid: 5, id: 'b', refs: ['missing'], subject: 'Re: x', hour: 2 },
    ],
    '* THREAD ((3)(5))',
    'two replies to a message we do not have keep a dummy parent at the top',
  ],
  [
    [{ uid: 3, id: 'a', refs: ['missing'], subject: 'Re: x', hour: 1 }],
    '* THREAD (3)',
    'a dummy with one child at the top gives way to it',
  ],
  [
    [
      { uid: 1, id: 'a', subject: 'Réunion', hour: 1 },
      { uid: 2, id: 'b', subject: 'RE : réunion', hour: 2 },
    ],
    '* THREAD (1 2)',
    'a reply without references joins the original by base subject',
  ],
  [
    [
      { uid: 1, id: 'a', subject: 'Re: Réunion', hour: 1 },
      { uid: 2, id: 'b', subject: 'Réunion', hour: 2 },
    ],
    '* THREAD (2 1)',
    'even when the reply is older: the original heads the thread',
  ],
  [
    [
      { uid: 1, id: 'a', subject: 'Hello', hour: 1 },
      { uid: 2, id: 'b', subject: '[liste] hello', hour: 2 },
    ],
    '* THREAD ((1)(2))',
    'two originals with one subject share a dummy (a list tag is no reply)',
  ],
  [
    [
      { uid: 3, id: 'a', refs: ['missing'], subject: 'Re: x', hour: 1 },
      { uid: 5, id: 'b', refs: ['missing'], subject: 'Re: x', hour: 3 },
      { uid: 7, id: 'c', subject: 'x', hour: 2 },
    ],
    '* THREAD ((3)(7)(5))',
    'a dummy holds its subject’s thread; children sorted by date',
  ],
  [
    [
      { uid: 1, id: 'a', subject: 'one', hour: 1 },
      { uid: 2, id: 'a', subject: 'two', hour: 2 },
      { uid: 3, id: 'c', refs: ['a'], subject: 'three', hour: 3 },
    ],
    '* THREAD (1 3)(2)',
    'a duplicate Message-ID belongs to the first message only',
  ],
  [
    [
      { uid: 1, id: 'a', refs: ['b'], subject: 'one', hour: 1 },
      { uid: 2, id: 'b', refs: ['a'], subject: 'two', hour: 2 },
    ],
    '* THREAD (2 1)',
    'references that loop are not linked both ways',
  ],
  [
    [
      { uid: 1, id: 'm1', refs: ['p', 'm2'], subject: 'one', hour: 1 },
      { uid: 2, id: 'm2', refs: ['q'], subject: 'two', hour: 2 },
    ],
    '* THREAD (2 1)',
    'a message’s own references replace the parent a truncated References gave it',
  ],
  [
    [
      { uid: 1, id: 'a', subject: 'one', hour: 1 },
      { uid: 2, id: 'b', inReplyTo: ['a', 'z'], subject: 'two', hour: 2 },
    ],
    '* THREAD (1 2)',
    'without References, the first In-Reply-To id is the parent',
  ],
  [
    [
      { uid: 1, id: '"abc"@x', subject: 'one', hour: 1 },
      { uid: 2, id: 'b', refs: ['abc@x'], subject: 'two', hour: 2 },
    ],
    '* THREAD (1 2)',
    'quoted and unquoted Message-IDs are the same',
  ],
  [
    [
      { uid: 1, id: 'a', subject: 'one', hour: 5 },
      { uid: 2, id: 'b', subject: 'two' },
      { uid: 3, id: 'c', subject: 'three', hour: 5 },
    ],
    '* THREAD (1)(3)(2)',
    'equal dates by sequence; no Date: header means the internal date',
  ],
  [[], '* THREAD', 'nothing found, nothing threaded'],
];

describe('runThread with THREAD=REFERENCES', () => {
  for (const [messages, expected, why] of REFERENCES) {
    it(`${expected}: ${why}`, async () => {
      assert.equal(await thread(messages), expected);
    });
  }

  it('refuses to build more containers than maxThreadContainers (NO [LIMIT])', async () => {
    const limits = { ...DEFAULT_SEARCH_LIMITS, maxThreadContainers: 3 };
    await assert.rejects(
      thread(RFC_EXAMPLE, 'REFERENCES', limits),
      (error: unknown) => error instanceof SearchError && error.code === 'limit',
    );
  });

  it('threads a chain thousands deep without recursion, splitting it past maxThreadAncestors', async () => {
    const chain = Array.from({ length: 3000 }, (_, index) => ({
      uid: index + 1,
      id: `m${index + 1}`,
      refs: index === 0 ? [] : [`m${index}`],
      subject: `part ${index + 1}`,
      hour: index,
    }));
    const response = await thread(chain);
    assert.ok(response.startsWith('* THREAD (1 2 3 4 5 '));
    assert.equal((response.match(/\(/g) ?? []).length, 3);
  });
});

describe('runThread with THREAD=ORDEREDSUBJECT', () => {
  it('groups by base subject, the first message the parent of the others, threads by first date', async () => {
    const messages: Message[] = [
      { uid: 1, subject: 'A', hour: 1 },
      { uid: 2, subject: 'B', hour: 2 },
      { uid: 3, subject: 'Re: A', hour: 3 },
      { uid: 4, subject: 'a', hour: 0 },
      { uid: 5, subject: 'Fwd: B', hour: 5 },
      { uid: 6, subject: 'C', hour: 4 },
    ];
    assert.equal(await thread(messages, 'ORDEREDSUBJECT'), '* THREAD (4 (1)(3))(2 5)(6)');
  });
});

describe('threadResponse and normalizeMessageId', () => {
  it('writes a dummy top as a list of lists and chains flat', () => {
    const leaf = (number: number) => ({ number, children: [] });
    const response = threadResponse([
      { number: undefined, children: [leaf(3), { number: 5, children: [leaf(8)] }] },
      { number: 9, children: [{ number: 10, children: [leaf(11), leaf(12)] }] },
    ]);
    assert.equal(response.toString('latin1'), '* THREAD ((3)(5 8))(9 10 (11)(12))\r\n');
  });

  it('unquotes the local part of a Message-ID, escapes included', () => {
    assert.equal(normalizeMessageId('"a\\"b"@x.fr'), 'a"b@x.fr');
    assert.equal(normalizeMessageId('plain@x.fr'), 'plain@x.fr');
  });
});
