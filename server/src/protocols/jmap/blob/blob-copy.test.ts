// Blob/copy over HTTP (RFC 8620 §6.3): within the user's own account, every blob found is "copied" to itself.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { openJmapFixture, readJson } from '../jmap.fixture.ts';
import { messageBlobId, partBlobId } from './blob-ids.ts';

const RAW = [
  'From: Marie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Emploi du temps',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  '',
  'Voici le nouvel emploi du temps.',
  '--b1',
  'Content-Type: application/pdf; name="edt.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  Buffer.from('%PDF-1.4 edt').toString('base64'),
  '--b1--',
  '',
].join('\n');

const CORE_ONLY = [JMAP_CAPABILITIES.core];

test('Blob/copy within the own account maps every blob found to itself and reports the others', async (t) => {
  const fixture = await openJmapFixture(t);
  const paul = fixture.accounts.paul;
  const { emailId } = await fixture.deliver('paul', RAW);
  const { emailId: mariesEmail } = await fixture.deliver('marie', RAW);
  const uploaded = await fetch(`${fixture.base}/jmap/upload/${paul}/`, {
    method: 'POST',
    headers: { authorization: fixture.authorization('paul'), 'content-type': 'text/plain' },
    body: 'brouillon',
  });
  const { blobId: uploadId } = await readJson(uploaded);
  const found = [uploadId, messageBlobId(emailId), partBlobId(emailId, '1'), partBlobId(emailId, '2')];
  const missing = [
    'uunothing',
    messageBlobId(mariesEmail),
    partBlobId(mariesEmail, '1'),
    partBlobId(emailId, '3'),
    'v1xuunothing',
    'nonsense',
  ];
  const { responses } = await fixture.api(
    [['Blob/copy', { fromAccountId: paul, accountId: paul, blobIds: [...found, ...missing, uploadId] }, 'c']],
    { using: CORE_ONLY },
  );
  assert.deepEqual(responses, [
    [
      'Blob/copy',
      {
        fromAccountId: paul,
        accountId: paul,
        copied: Object.fromEntries(found.map((id) => [id, id])),
        notCopied: Object.fromEntries(
          missing.map((id) => [id, { type: 'blobNotFound', description: `no blob ${id} in ${paul}` }]),
        ),
      },
      'c',
    ],
  ]);

  const empty = await fixture.api(
    [['Blob/copy', { fromAccountId: paul, accountId: paul, blobIds: [] }, 'e']],
    {
      using: CORE_ONLY,
    },
  );
  assert.deepEqual(empty.responses[0]?.[1], {
    fromAccountId: paul,
    accountId: paul,
    copied: null,
    notCopied: null,
  });
});

test('Blob/copy from or to an account the user cannot use is refused whole', async (t) => {
  const fixture = await openJmapFixture(t);
  const { paul, marie } = fixture.accounts;
  const { responses } = await fixture.api(
    [
      ['Blob/copy', { fromAccountId: marie, accountId: paul, blobIds: ['ux'] }, 'from'],
      ['Blob/copy', { fromAccountId: paul, accountId: marie, blobIds: ['ux'] }, 'to'],
      ['Blob/copy', { fromAccountId: paul, accountId: paul }, 'args'],
    ],
    { using: CORE_ONLY },
  );
  assert.deepEqual(
    responses.map(([name, args, id]) => [name, args.type, id]),
    [
      ['error', 'fromAccountNotFound', 'from'],
      ['error', 'accountNotFound', 'to'],
      ['error', 'invalidArguments', 'args'],
    ],
  );
});
