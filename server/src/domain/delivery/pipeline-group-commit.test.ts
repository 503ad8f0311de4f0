import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '#core/errors';
import type { MailImporter, MailImportRequest } from './inbound-ports.ts';
import { createGroupCommit } from './pipeline-group-commit.ts';

const request = (accountId: string): MailImportRequest => ({
  accountId,
  raw: new TextEncoder().encode(`Subject: ${accountId}\r\n\r\nx\r\n`),
  options: { mailboxRole: 'inbox' },
});

/** An importer that records its calls, takes a little while, and refuses accounts named "bad". */
function recordingImporter(options: { throwOn?: string } = {}) {
  const calls: string[][] = [];
  const importer: MailImporter = {
    async importMessages(requests) {
      calls.push(requests.map((r) => r.accountId));
      await new Promise((resolve) => setTimeout(resolve, 20));
      if (options.throwOn && requests.some((r) => r.accountId === options.throwOn))
        throw new Error('batch broke');
      return requests.map((r) =>
        r.accountId === 'full'
          ? { ok: false as const, error: new DomainError('overQuota', 'full') }
          : { ok: true as const, email: { emailId: `e-${r.accountId}` } },
      );
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
});
