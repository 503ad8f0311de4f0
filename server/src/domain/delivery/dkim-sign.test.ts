import assert from 'node:assert/strict';
import { test } from 'node:test';
import { silentLogger } from '#core/log';
import { dkimDnsRecord, DKIM_KEY_TYPES, generateDkimKeyPair, type DkimKeyType } from './dkim-keys.ts';
import { signingDomainCandidates, signWithDkim } from './dkim-sign.ts';
import { requireDkimpy, verifyWithDkimpy, verifyWithMailauth } from '../../test-support/dkim-verifiers.ts';

const message = Buffer.from(
  [
    'From: =?utf-8?q?H=C3=A9l=C3=A8ne?= <helene.martin@ac-test.fr>',
    'To: Jean <jean@example.org>',
    'Subject: Sortie au musée',
    'Date: Mon, 2 Nov 2026 08:00:00 +0000',
    'Message-ID: <sortie@ac-test.fr>',
    'MIME-Version: 1.0',
    'Content-Type: text/plain; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    'Bonjour,   la sortie est   confirmée.  ',
    '',
    '',
  ].join('\r\n'),
  'utf8',
);

async function signed(type: DkimKeyType) {
  const pair = await generateDkimKeyPair(type);
  const key = {
    domain: 'ac-test.fr',
    selector: 'sel2026',
    algorithm: DKIM_KEY_TYPES[type],
    privateKey: pair.privateKey,
  };
  const result = await signWithDkim(message, key, new Date(), silentLogger());
  return { ...result, record: dkimDnsRecord('ac-test.fr', 'sel2026', key.algorithm, pair.publicKey) };
}

for (const type of ['rsa', 'ed25519'] as const) {
  test(`a ${type} signature verifies with mailauth, and fails once the body is changed`, async () => {
    const { content, isSigned, record } = await signed(type);
    assert.ok(isSigned);
    const header = content.subarray(0, content.indexOf('\r\n\r\n')).toString('latin1');
    assert.match(header, /^DKIM-Signature: v=1; a=(rsa|ed25519)-sha256; c=relaxed\/relaxed; d=ac-test\.fr;/);
    assert.match(header, /s=sel2026;/);
    assert.deepEqual(await verifyWithMailauth(content, record), { result: 'pass', domain: 'ac-test.fr' });
    const tampered = Buffer.from(content.toString('utf8').replace('confirmée', 'annulée'), 'utf8');
    assert.notEqual((await verifyWithMailauth(tampered, record)).result, 'pass');
  });

  test(`a ${type} signature verifies with an independent verifier (python3-dkim)`, async (t) => {
    if (!requireDkimpy(t)) return;
    const { content, record } = await signed(type);
    assert.deepEqual(await verifyWithDkimpy(content, record.value), {
      result: 'pass',
      asked: 'sel2026._domainkey.ac-test.fr.',
    });
    const tampered = Buffer.from(content.toString('utf8').replace('Sortie', 'Sorties'), 'utf8');
    assert.equal((await verifyWithDkimpy(tampered, record.value)).result, 'fail');
  });
}

test('the signing domain is the From header’s, then the envelope sender’s', () => {
  assert.deepEqual(signingDomainCandidates(message, 'bounce@lists.ac-test.fr'), [
    'ac-test.fr',
    'lists.ac-test.fr',
  ]);
  assert.deepEqual(
    signingDomainCandidates(Buffer.from('From: "a@b.example" <x@Example.ORG>\r\n\r\n'), 'x@example.org'),
    ['example.org'],
    'a display name holding @ is not the address',
  );
  assert.deepEqual(signingDomainCandidates(Buffer.from('Subject: none\r\n\r\n'), ''), []);
});

test('a message the signer refuses (no From field) goes unsigned rather than not at all', async () => {
  const pair = await generateDkimKeyPair('ed25519');
  const key = {
    domain: 'ac-test.fr',
    selector: 's',
    algorithm: 'ed25519-sha256' as const,
    privateKey: pair.privateKey,
  };
  const noFrom = Buffer.from('Subject: x\r\n\r\nbody\r\n');
  const result = await signWithDkim(noFrom, key, new Date(), silentLogger());
  assert.equal(result.isSigned, false);
  assert.equal(result.content, noFrom);
});
