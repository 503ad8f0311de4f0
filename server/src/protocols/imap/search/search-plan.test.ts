import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EmailFilter } from '#domain/mail';
import { SequenceSet } from '../wire/sequence-set.ts';
import { databaseLeaves, headerFields, type PlanContext, type PlanNode, planSearch } from './search-plan.ts';
import { fakeMailbox, programOf } from './search.fixture.ts';

const NOW = Date.parse('2026-11-15T12:00:00Z');

const context: PlanContext = {
  snapshot: fakeMailbox([1, 2, 3].map((uid) => ({ uid, receivedAt: '2026-11-01T10:00:00Z' }))).snapshot,
  savedResult: SequenceSet.fromNumbers([2]),
  timeZone: 'Europe/Paris',
  now: NOW,
};

function describeFilter(filter: EmailFilter): string {
  if ('operator' in filter) return `${filter.operator}(${filter.conditions.map(describeFilter).join(', ')})`;
  return Object.entries(filter)
    .map(([name, value]) => `${name}=${value instanceof Date ? value.toISOString() : JSON.stringify(value)}`)
    .join(' ');
}

function describePlan(node: PlanNode): string {
  switch (node.kind) {
    case 'and':
    case 'or':
      return `${node.kind}(${node.children.map(describePlan).join(', ')})`;
    case 'not':
      return `not(${describePlan(node.child)})`;
    case 'constant':
      return String(node.value);
    case 'snapshot':
      return 'snapshot';
    case 'database':
      return `db{${describeFilter(node.filter)}}`;
    case 'header':
      return `header(${node.field} ~ ${JSON.stringify(node.value)})`;
  }
}

/** [SEARCH program, the plan, what the case shows]. */
const PLANS: readonly (readonly [string, string, string])[] = [
  [
    'UNDELETED SINCE 1-Nov-2026',
    'and(db{after=2026-10-31T23:00:00.000Z}, snapshot)',
    'flags come from the snapshot, the Paris day from the store',
  ],
  [
    'ON 29-Mar-2026',
    'db{after=2026-03-28T23:00:00.000Z before=2026-03-29T22:00:00.000Z}',
    'ON is the 23-hour Paris day of the spring change',
  ],
  [
    'SENTON 25-Oct-2026',
    'db{sentAfter=2026-10-24T22:00:00.000Z sentBefore=2026-10-25T23:00:00.000Z}',
    'SENTON is the 25-hour Paris day of the autumn change',
  ],
  ['BEFORE 1-Jan-2026', 'db{before=2025-12-31T23:00:00.000Z}', 'BEFORE excludes the whole day named'],
  [
    'SINCE 1-Nov-2026 BEFORE 1-Dec-2026 FROM marie',
    'db{AND(after=2026-10-31T23:00:00.000Z, before=2026-11-30T23:00:00.000Z, from="marie")}',
    'database keys of one AND are one query',
  ],
  [
    'SINCE 1-Nov-2026 NOT FROM marie',
    'db{AND(after=2026-10-31T23:00:00.000Z, NOT(from="marie"))}',
    'a negated database key joins a positive sibling: few ids come back',
  ],
  ['NOT FROM marie', 'not(db{from="marie"})', 'alone, NOT stays outside: the store answers the positive key'],
  ['OR FROM marie TO marie', 'db{OR(from="marie", to="marie")}', 'database keys of one OR are one query'],
  ['OR OR FROM a TO b CC c', 'db{OR(from="a", to="b", cc="c")}', 'nested ORs are flattened first'],
  ['OR SEEN FROM marie', 'or(db{from="marie"}, snapshot)', 'OR across kinds keeps both sides'],
  ['NOT (SEEN BODY rapport)', 'not(and(db{body="rapport"}, snapshot))', 'NOT over a mixed AND stays exact'],
  ['NOT NOT SEEN', 'snapshot', 'double negation disappears'],
  ['LARGER 1000 SMALLER 5000', 'db{AND(minSize=1001, maxSize=5000)}', 'LARGER is strictly larger'],
  ['SMALLER 0', 'false', 'nothing is smaller than 0 octets'],
  ['LARGER 9223372036854775807', 'false', 'nothing is larger than every size'],
  ['OLDER 3600', 'db{before=2026-11-15T11:00:00.001Z}', 'OLDER includes exactly one hour ago'],
  ['YOUNGER 60', 'db{after=2026-11-15T11:59:00.000Z}', 'YOUNGER from one minute ago'],
  ['RECENT', 'false', 'no message is \\Recent: the store does not track it'],
  ['NEW', 'false', 'NEW is RECENT UNSEEN'],
  ['OLD UNSEEN', 'snapshot', 'OLD is every message'],
  ['OR RECENT SEEN', 'snapshot', 'constants fold away'],
  ['ALL', 'true', 'ALL needs nothing'],
  ['TEXT cantine', 'db{text="cantine"}', 'TEXT goes to the full-text index'],
  ['HEADER SUBJECT rapport', 'db{subject="rapport"}', 'HEADER on an indexed field uses the index'],
  ['HEADER Cc ""', 'header(cc ~ "")', 'an empty HEADER string asks for presence: read the header'],
  [
    'HEADER Message-ID "<Menu@X>"',
    'header(message-id ~ "<menu@x>")',
    'unindexed fields are read from the message, folded',
  ],
  ['THREADID T1234', 'db{inThread="T1234"}', 'THREADID is a column'],
  ['EMAILID e2', 'snapshot', 'EMAILID is in the snapshot'],
  ['MODSEQ 9223372036854775807', 'false', 'no snapshot modseq is that high'],
];

describe('planSearch sends each key to whoever answers it best', () => {
  for (const [program, expected, why] of PLANS) {
    it(`${program}: ${why}`, () => {
      assert.equal(describePlan(planSearch(programOf(program).criteria, context)), expected);
    });
  }
});

describe('planSearch snapshot tests', () => {
  const [first, second, third] = context.snapshot as [
    (typeof context.snapshot)[0],
    (typeof context.snapshot)[0],
    (typeof context.snapshot)[0],
  ];
  const test = (program: string) => {
    const node = planSearch(programOf(program).criteria, context);
    assert.equal(node.kind, 'snapshot');
    return [first, second, third].map((entry, index) => node.test(entry, index + 1));
  };

  it('resolves * to the last sequence number and the last UID', () => {
    assert.deepEqual(test('2:*'), [false, true, true]);
    assert.deepEqual(test('UID 5:*'), [false, false, true]);
  });

  it('reads $ as the saved UIDs, and as nothing before any SAVE', () => {
    assert.deepEqual(test('UID $'), [false, true, false]);
    const none = planSearch(programOf('$').criteria, { ...context, savedResult: undefined });
    assert.equal(describePlan(none), 'false');
  });

  it('compares MODSEQ as at least the value', () => {
    assert.deepEqual(test('MODSEQ 2'), [false, true, true]);
  });

  it('matches EMAILID exactly', () => {
    assert.deepEqual(test('EMAILID e3'), [false, false, true]);
  });
});

describe('plan walkers', () => {
  it('lists the database leaves to query and the header fields to read', () => {
    const plan = planSearch(
      programOf('OR (SEEN FROM a) (UNSEEN TO b) HEADER List-Id x HEADER message-id y').criteria,
      context,
    );
    assert.equal(databaseLeaves(plan).length, 2);
    assert.deepEqual(headerFields(plan), ['list-id', 'message-id']);
  });
});
