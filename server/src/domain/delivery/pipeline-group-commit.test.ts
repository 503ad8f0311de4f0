import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '#core/errors';
import type { WriteTransaction } from '#store';
import type { MailImporter, MailImportRequest } from './inbound-ports.ts';
import { createGroupCommit } from './pipeline-group-commit.ts';

const request = (accountId: string): MailImportRequest => ({
  accountId,
  raw: new TextEncoder().encode(`Subject: ${accountId}\r\n\r\nx\r\n`),
  options: { mailboxRole: 'inbox' },
});

/** Stands for the import's transaction: the hooks only pass it along. */
const transaction = {} as WriteTransaction;

/** An importer that records its calls, takes a little while, and refuses accounts named "bad". */
function recordingImporter(options: { throwOn?: string } = {}) {
  const calls: string[][] = [];
  const importer: MailImporter = {
    async importMessages(requests, { beforeCommit }) {
      calls.push(requests.map((r) => r.accountId));
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (options.throwOn && requests.some((r) => r.accountId === options.throwOn))
        throw new Error('batch broke');
      const outcomes = requests.map((r) =>
        r.accountId === 'full'
          ? { ok: false as const, error: new DomainError('overQuota', 'full') }
          : { ok: true as const, email: { emailId: `e-${r.accountId}` } },
      );
      // The real importer runs the hook inside its transaction; a throw there fails the batch.
      await beforeCommit?.(transaction, outcomes);
      return outcomes;
    },
    ensureDefaultMailboxes: () => Promise.resolve(),
  };
  return { calls, importer };
}

describe('group commit', () => {
  it('puts the copies of concurrent messages into shared transactions, outcomes back to each caller', async () => {
    const { calls, importer } = recordingImporter();
    const group = createGroupCommit(importer);
    const results = await Promise.all(
      ['a', 'b', 'c', 'd', 'e', 'full'].map((id) => group.importDurably([request(id)])),
    );
    assert.deepEqual(
      results.map((outcomes) => (outcomes[0]?.ok ? outcomes[0].email.emailId : outcomes[0]?.error.code)),
      ['e-a', 'e-b', 'e-c', 'e-d', 'e-e', 'overQuota'],
    );
    assert.ok(calls.length <= 3, `six messages in ${calls.length} transactions`);
    assert.deepEqual(calls.flat().sort(), ['a', 'b', 'c', 'd', 'e', 'full']);
  });

  it('retries each message alone when a shared batch fails, so one bad message fails only itself', async () => {
    const { importer } = recordingImporter({ throwOn: 'bad' });
    const group = createGroupCommit(importer);
    const settled = await Promise.allSettled(
      ['a', 'b', 'bad', 'c'].map((id) => group.importDurably([request(id)])),
    );
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'fulfilled', 'rejected', 'fulfilled'],
    );
  });

  it("hands each caller's beforeCommit its own outcomes, inside the shared transaction", async () => {
    const { calls, importer } = recordingImporter();
    const group = createGroupCommit(importer);
    const seen = new Map<string, string[]>();
    const results = await Promise.all(
      [['a', 'b'], ['full'], ['c'], ['d'], ['e']].map((ids) =>
        group.importDurably(ids.map(request), (tx, outcomes) => {
          assert.equal(tx, transaction);
          seen.set(
            ids.join(),
            outcomes.map((outcome) => (outcome.ok ? outcome.email.emailId : outcome.error.code)),
          );
          return Promise.resolve();
        }),
      ),
    );
    // Two batches start at once; the three callers that arrive meanwhile share the third transaction.
    assert.ok(calls.length < 5, `five callers in ${calls.length} transactions`);
    assert.deepEqual(Object.fromEntries(seen), {
      'a,b': ['e-a', 'e-b'],
      full: ['overQuota'],
      c: ['e-c'],
      d: ['e-d'],
      e: ['e-e'],
    });
    assert.equal(results.flat().length, 6);
  });

  it("a caller whose beforeCommit fails fails alone: the others' copies still commit", async () => {
    const { importer } = recordingImporter();
    const group = createGroupCommit(importer);
    const settled = await Promise.allSettled(
      ['a', 'b', 'c'].map((id) =>
        group.importDurably([request(id)], () =>
          id === 'b' ? Promise.reject(new Error('receipt broke')) : Promise.resolve(),
        ),
      ),
    );
    assert.deepEqual(
      settled.map((s) => s.status),
      ['fulfilled', 'rejected', 'fulfilled'],
    );
  });
});
