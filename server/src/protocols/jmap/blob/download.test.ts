// Blob download over HTTP (RFC 8620 §6.2): whole messages and decoded parts, only for their account.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openJmapFixture } from '../jmap.fixture.ts';
import { messageBlobId, partBlobId } from './blob-ids.ts';

const PDF = Buffer.from('%PDF-1.4\n% compte rendu\n\u00e9l\u00e8ves\n', 'utf8');
const RAW = [
  'From: Marie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Compte rendu',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Voici le compte rendu du conseil =C3=A9l=C3=A8ves.',
  '--b1',
  'Content-Type: application/pdf; name="cr.pdf"',
  'Content-Disposition: attachment; filename="cr.pdf"',
  'Content-Transfer-Encoding: base64',
  '',
  PDF.toString('base64'),
  '--b1--',
  '',
].join('\n');

test('a part downloads decoded and a message as stored, always as an attachment', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { emailId } = await fixture.deliver('paul', RAW);
  const get = (path: string, who: 'paul' | 'marie' = 'paul') =>
    fetch(`${fixture.base}${path}`, { headers: { authorization: fixture.authorization(who) } });

  const name = encodeURIComponent('compte rendu élèves.pdf');
  const pdf = await get(
    `/jmap/download/${accountId}/${partBlobId(emailId, '2')}/${name}?accept=application/pdf`,
  );
  assert.equal(pdf.status, 200);
  assert.deepEqual(Buffer.from(await pdf.arrayBuffer()), PDF);
  assert.equal(pdf.headers.get('content-type'), 'application/pdf');
  assert.equal(
    pdf.headers.get('content-disposition'),
    `attachment; filename="compte rendu _l_ves.pdf"; filename*=UTF-8''compte%20rendu%20%C3%A9l%C3%A8ves.pdf`,
  );
  assert.equal(pdf.headers.get('x-content-type-options'), 'nosniff');
  assert.match(pdf.headers.get('content-security-policy') ?? '', /sandbox/);

  const text = await get(`/jmap/download/${accountId}/${partBlobId(emailId, '1')}/cr.txt?accept=text/html`);
  assert.equal(await text.text(), 'Voici le compte rendu du conseil élèves.');
  // Asking for text/html does not make the browser render it here.
  assert.match(text.headers.get('content-disposition') ?? '', /^attachment;/);

  const whole = await get(
    `/jmap/download/${accountId}/${messageBlobId(emailId)}/message.eml?accept=message/rfc822`,
  );
  assert.equal(await whole.text(), RAW.replace(/\n/g, '\r\n'));
  assert.equal(whole.headers.get('content-type'), 'message/rfc822');
  const odd = await get(
    `/jmap/download/${accountId}/${messageBlobId(emailId)}/m.eml?accept=text/html;%20charset=x`,
  );
  assert.equal(odd.headers.get('content-type'), 'application/octet-stream');
  await odd.body?.cancel();
});

test('blobs of other accounts, unknown ids and missing parts are not found; a login is needed', async (t) => {
  const fixture = await openJmapFixture(t);
  const { emailId } = await fixture.deliver('paul', RAW);
  const paul = fixture.accounts.paul;
  const marie = fixture.accounts.marie;
  const cases: [string, 'paul' | 'marie'][] = [
    [`/jmap/download/${paul}/${messageBlobId(emailId)}/m.eml`, 'marie'],
    [`/jmap/download/${marie}/${messageBlobId(emailId)}/m.eml`, 'marie'],
    [`/jmap/download/${marie}/${messageBlobId(emailId)}/m.eml`, 'paul'],
    [`/jmap/download/${paul}/${partBlobId(emailId, '3')}/x`, 'paul'],
    [`/jmap/download/${paul}/${partBlobId(emailId, '1.1')}/x`, 'paul'],
    [`/jmap/download/${paul}/${messageBlobId('nothing')}/x`, 'paul'],
    [`/jmap/download/${paul}/Gabc/x`, 'paul'],
  ];
  for (const [path, who] of cases) {
    const response = await fetch(`${fixture.base}${path}`, {
      headers: { authorization: fixture.authorization(who) },
    });
    assert.equal(response.status, 404, `${who} ${path}`);
    await response.body?.cancel();
  }
  const anonymous = await fetch(`${fixture.base}/jmap/download/${paul}/${messageBlobId(emailId)}/m.eml`);
  assert.equal(anonymous.status, 401);
});
