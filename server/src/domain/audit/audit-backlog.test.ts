import assert from 'node:assert/strict';
import { test } from 'node:test';
import { fixedClock } from '#core/clock';
import { createLogger } from '#core/log';
import { openTestServices } from '../../test-support/test-services.ts';
import { createAuditBacklog } from './audit-backlog.ts';
import { listAuditEvents } from './audit-log.ts';

const SUBJECT = { accountId: 'aClaire', email: 'claire.dupont@ac-test.fr' };

test('deferred events are written after the caller goes on, in order, and settle waits for them', async (t) => {
  const clock = fixedClock(new Date('2026-09-01T08:00:00Z'));
  const { database } = await openTestServices(t, { clock });
  const lines: string[] = [];
  const log = createLogger({
    level: 'info',
    destination: { write: (line: string) => void lines.push(line) },
  });
  const backlog = createAuditBacklog({ database, clock, log, maxPending: 300 });
  for (let index = 0; index < 310; index++) {
    backlog.defer({ type: 'login.failed', subject: SUBJECT, details: { index } });
  }
  assert.equal((await listAuditEvents(database.db, {})).length, 0, 'nothing written on the caller’s turn');
  await backlog.settle();
  const written = await listAuditEvents(database.db, { limit: 1000 });
  assert.deepEqual(
    written.map((event) => event.details.index),
    Array.from({ length: 300 }, (_, index) => index),
    'in order, in batches, and the ten beyond the bound dropped',
  );
  assert.ok(lines.some((line) => /"dropped":10/.test(line) && /audit backlog was full/.test(line)));

  // Deferred again once drained: written too.
  backlog.defer({ type: 'protocolLogin.failed', subject: SUBJECT, details: { protocol: 'imap' } });
  await backlog.settle();
  assert.equal((await listAuditEvents(database.db, { types: ['protocolLogin.failed'] })).length, 1);
});
