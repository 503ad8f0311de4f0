import assert from 'node:assert/strict';
import { test } from 'node:test';
import { newFolderReport, totalsOf, type ImportSummary } from '../mail-import/import-summary.ts';
import { describeImport, progressLine, quotaAdvice } from './mail-import-describe.ts';

function summary(changes: Partial<ImportSummary>): ImportSummary {
  const inbox = { ...newFolderReport('INBOX'), target: 'Boîte de réception', role: 'inbox' as const };
  Object.assign(inbox, { messages: 1203, imported: 1200, importedBytes: 6 * 1024 ** 2, rejected: 3 });
  const folders = changes.folders ?? [inbox];
  return {
    account: 'marie@ac-test.fr',
    source: { format: 'maildir', path: '/srv/export/marie' },
    into: null,
    isDryRun: false,
    totals: totalsOf(folders),
    folders,
    createdMailboxes: [],
    rejections: [
      {
        folder: 'INBOX',
        message: '1.M1.old:2,S',
        reason: 'tooBig',
        size: 40 * 1024 ** 2,
        detail: String(36 * 1024 ** 2),
      },
      { folder: 'INBOX', message: '2.M2.old:2,', reason: 'unreadable', size: 0, detail: 'ENOENT' },
    ],
    ignoredFiles: [],
    stopped: null,
    quota: { limit: { bytes: 5 * 1024 ** 2, messages: 100_000 }, used: { bytes: 0, messages: 0 } },
    elapsedMs: 83_400,
    ...changes,
  };
}

test('the summary says per folder what happened, lists rejections, and in French too', () => {
  const text = describeImport(
    'fr',
    summary({}),
    quotaAdvice({ profileCategory: 'other', quotaOverride: { bytes: null, messages: null } }, 'bytes'),
  );
  assert.match(text, /^Import dans marie@ac-test\.fr terminé en 1 min 23 s : 1\u202f200 importé\(s\)/);
  assert.match(text, /^ {2}INBOX → Boîte de réception : 1\u202f203 lu\(s\), 1\u202f200 importé\(s\)/m);
  assert.match(text, /^Messages refusés \(les 2 premiers sur 3\) :$/m);
  assert.match(text, /^ {2}INBOX 1\.M1\.old:2,S : plus gros que la limite de 36 Mio \(40 Mio\)$/m);
  assert.match(text, /^ {2}INBOX 2\.M2\.old:2, : illisible \(ENOENT\)$/m);
});

test('a quota stop names the limit and the setting to raise; a dry run says whether the import fits', () => {
  const stopped = summary({
    stopped: {
      reason: 'overQuota',
      folder: 'INBOX',
      limit: 'bytes',
      used: 5 * 1024 ** 2,
      max: 5 * 1024 ** 2,
    },
  });
  const advice = quotaAdvice(
    { profileCategory: 'secondaryTeacher', quotaOverride: { bytes: null, messages: 5 } },
    'bytes',
  );
  assert.deepEqual(advice, { setting: 'quota.secondary-teacher.bytes', hasOverride: false });
  const text = describeImport('en', stopped, advice);
  assert.match(
    text,
    /Stopped: the quota of marie@ac-test\.fr is reached \(5 MiB used of 5 MiB\) while importing "INBOX"\. 1,200 message\(s\) were imported until then; nothing is lost\./,
  );
  assert.match(
    text,
    /Raise the default quota of its category \(quota\.secondary-teacher\.bytes in vercors\.conf;/,
  );

  const dry = describeImport('en', summary({ isDryRun: true }), advice);
  assert.match(dry, /^Dry run for marie@ac-test\.fr, nothing was written: 1,200 to import/);
  assert.match(
    dry,
    /^Quota too small: 6 MiB and 1,200 message\(s\) to import, but only 5 MiB and 100,000 message\(s\) are free\./m,
  );
});

test('progress counts messages for a Maildir and bytes for an mbox file', () => {
  const state = {
    folder: 'INBOX',
    position: 1500,
    total: { unit: 'messages' as const, value: 10_000 },
    read: 1500,
  };
  assert.equal(progressLine('en', state, 3000), 'INBOX: 1,500/10,000 messages — 500 messages/s');
  const bytes = {
    folder: 'Archives',
    position: 512 * 1024 ** 2,
    total: { unit: 'bytes' as const, value: 2 * 1024 ** 3 },
    read: 9000,
  };
  assert.equal(progressLine('fr', bytes, 10_000), 'Archives : 512 Mio lus sur 2 Gio (25 %) — 900 messages/s');
});
