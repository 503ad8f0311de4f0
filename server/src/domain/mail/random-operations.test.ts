// A small randomised model test: random sequences of every write the mail store offers, with a full recount
// of counters after each step, and UIDs checked to only ever grow, per mailbox, whatever happens.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { auditBlobReferences, auditMailCounters } from './counter-audit.fixture.ts';
import { newAccount, openMailFixture, rawMessage, type MailFixture } from './mail.fixture.ts';

const STEPS = 70;
const SEEDS = [1, 20260901];
const KEYWORDS = ['$seen', '$flagged', '$answered', 'projet'];

/** Deterministic PRNG (mulberry32), so a failing seed replays. */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let value = state;
    value = Math.imul(value ^ (value >>> 15), value | 1);
    value ^= value + Math.imul(value ^ (value >>> 7), value | 61);
    return ((value ^ (value >>> 14)) >>> 0) / 4294967296;
  };
}

for (const seed of SEEDS) {
  test(`counters equal a recount and UIDs only grow, through ${STEPS} random operations (seed ${seed})`, async (t) => {
    const fixture = await openMailFixture(t);
    const account = await newAccount(fixture);
    const next = random(seed);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const someOf = <T>(items: readonly T[]): T[] => items.filter(() => next() < 0.4);
    const highestUid = new Map<string, number>();
    const sawUid = (mailboxId: string, uid: number) => {
      assert.ok(
        uid > (highestUid.get(mailboxId) ?? 0),
        `UID ${uid} in ${mailboxId} is above every earlier one`,
      );
      highestUid.set(mailboxId, uid);
    };
    const messageIds: string[] = [];
    const ran = new Set<string>();

    for (let step = 0; step < STEPS; step++) {
      const mailboxes = await fixture.mail.listMailboxes(account.id);
      const mailbox = pick(mailboxes);
      const uids = (await fixture.mail.mailboxView(account.id, mailbox.id)).map((entry) => entry.uid);
      const operation = pick([
        'import',
        'import',
        'import',
        'keywords',
        'move',
        'copy',
        'expunge',
        'mailboxes',
        'destroy',
        'folder',
      ]);
      await runOperation(fixture, account.id, operation, {
        mailbox,
        mailboxes,
        uids,
        pick,
        someOf,
        next,
        sawUid,
        messageIds,
      });
      ran.add(operation);
      await auditMailCounters(fixture.database, account.id);
    }
    assert.equal(ran.size, 8, `every kind of operation ran: ${[...ran].join(', ')}`);
    assert.ok((await fixture.mail.getQuota(account.id)).used.messages > 0);
    await auditBlobReferences(fixture.database);
  });
}

interface StepContext {
  readonly mailbox: Awaited<ReturnType<MailFixture['mail']['listMailboxes']>>[number];
  readonly mailboxes: Awaited<ReturnType<MailFixture['mail']['listMailboxes']>>;
  readonly uids: readonly number[];
  readonly pick: <T>(items: readonly T[]) => T;
  readonly someOf: <T>(items: readonly T[]) => T[];
  readonly next: () => number;
  readonly sawUid: (mailboxId: string, uid: number) => void;
  readonly messageIds: string[];
}

async function runOperation(
  fixture: MailFixture,
  accountId: string,
  operation: string,
  s: StepContext,
): Promise<void> {
  const { mail } = fixture;
  const other = s.pick(s.mailboxes);
  switch (operation) {
    case 'import': {
      const messageId = `r${s.messageIds.length}@model`;
      const parent = s.messageIds.length > 0 && s.next() < 0.5 ? s.pick(s.messageIds) : undefined;
      const targets = [...new Set([s.mailbox.id, ...(s.next() < 0.3 ? [other.id] : [])])];
      const imported = await mail.importMessage(
        accountId,
        rawMessage({ messageId, ...(parent !== undefined && { inReplyTo: parent, subject: 'Re: fil' }) }),
        { mailboxIds: targets, keywords: s.someOf(KEYWORDS) },
      );
      s.messageIds.push(messageId);
      for (const { mailboxId, uid } of imported.uids) s.sawUid(mailboxId, uid);
      return;
    }
    case 'keywords': {
      const change = s.pick(['addKeywords', 'removeKeywords', 'setKeywords'] as const);
      await mail[change](accountId, { mailboxId: s.mailbox.id, uids: s.someOf(s.uids) }, s.someOf(KEYWORDS));
      return;
    }
    case 'move':
    case 'copy': {
      const selection = { mailboxId: s.mailbox.id, uids: s.someOf(s.uids) };
      const result =
        operation === 'move'
          ? await mail.moveEmails(accountId, selection, other.id)
          : await mail.copyEmails(accountId, selection, other.id);
      if (result.modseq !== undefined && other.id !== s.mailbox.id) {
        const fresh = result.mapping.map((entry) => entry.targetUid).filter((uid) => uid >= other.uidNext);
        for (const uid of fresh.sort((a, b) => a - b)) s.sawUid(other.id, uid);
      }
      return;
    }
    case 'expunge':
      await mail.expunge(accountId, s.mailbox.id, s.someOf(s.uids));
      return;
    case 'mailboxes': {
      const view = await mail.mailboxView(accountId, s.mailbox.id);
      const entry = view.length > 0 ? s.pick(view) : undefined;
      if (entry !== undefined)
        await mail.setMailboxes(accountId, entry.emailId, [
          ...new Set([other.id, ...(s.next() < 0.5 ? [s.mailbox.id] : [])]),
        ]);
      return;
    }
    case 'destroy': {
      const view = await mail.mailboxView(accountId, s.mailbox.id);
      await mail.destroyEmails(accountId, s.someOf(view.map((entry) => entry.emailId)));
      return;
    }
    case 'folder': {
      const own = s.mailboxes.filter((m) => m.role === null);
      if (own.length > 0 && s.next() < 0.5) {
        await mail
          .destroyMailbox(accountId, s.pick(own).id, { removeEmails: true })
          .catch((error: unknown) => {
            // A mailbox with children is refused; that is part of the model too.
            if (!(error instanceof Error && 'code' in error && error.code === 'inUse')) throw error;
          });
      } else {
        await mail.createMailbox(accountId, {
          name: `Dossier ${s.mailboxes.length}-${Math.floor(s.next() * 1e6)}`,
          parentId: s.next() < 0.5 ? null : s.pick(own.length > 0 ? own : s.mailboxes).id,
        });
      }
      return;
    }
  }
}
