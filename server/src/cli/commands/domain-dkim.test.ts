import assert from 'node:assert/strict';
import { test } from 'node:test';
import { openCliFixture } from '../cli.fixture.ts';

interface KeyJson {
  selector: string;
  algorithm: string;
  isActive: boolean;
  dnsRecord: { name: string; value: string; strings: string[] };
}

test('domain dkim creates a key and prints the TXT record in 255-byte strings; a second waits for --activate', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await cli.run(['domain', 'add', 'ac-test.fr']);
  const created = await cli.run(['domain', 'dkim', 'ac-test.fr', '--selector', 'rsa2026']);
  assert.equal(created.code, 0, created.stderr);
  assert.match(created.stdout, /DKIM key created for ac-test\.fr \(selector rsa2026, rsa-sha256\)\./);
  assert.match(created.stdout, /It is active: outbound mail from ac-test\.fr is signed from now on\./);
  const line = created.stdout.split('\n').find((l) => l.includes('_domainkey'));
  assert.match(
    line ?? '',
    /^ {2}rsa2026\._domainkey\.ac-test\.fr\. {2}3600 {2}IN {2}TXT {4}"v=DKIM1; k=rsa; p=[^"]+" "[^"]+"/,
  );
  const strings = [...(line ?? '').matchAll(/"([^"]*)"/g)].map((m) => m[1] ?? '');
  assert.ok(strings.every((s) => Buffer.byteLength(s) <= 255));

  const second = await cli.json([
    'domain',
    'dkim',
    'ac-test.fr',
    '--selector',
    'ed2026',
    '--algorithm',
    'ed25519',
  ]);
  const key = second.value as KeyJson;
  assert.equal(key.isActive, false);
  assert.equal(key.algorithm, 'ed25519-sha256');
  assert.equal(key.dnsRecord.name, 'ed2026._domainkey.ac-test.fr.');
  assert.ok(!JSON.stringify(key).includes('PRIVATE'), 'the private key is never printed');
  const waiting = await cli.run([
    'domain',
    'dkim',
    'ac-test.fr',
    '--selector',
    'ed2027',
    '--algorithm',
    'ed25519',
  ]);
  assert.match(waiting.stdout, /then: vercors domain dkim ac-test\.fr --selector ed2027 --activate/);

  assert.equal((await cli.run(['domain', 'dkim', 'ac-test.fr', '--activate'])).code, 64);
  const activated = await cli.run(['domain', 'dkim', 'ac-test.fr', '--selector', 'ed2026', '--activate']);
  assert.match(activated.stdout, /DKIM key ed2026 activated for ac-test\.fr/);

  // doctor lists every key's record to publish
  const doctor = await cli.json(['doctor'], { env: { VERCORS_HOSTNAME: 'mail.ac-test.fr' } });
  const records = (doctor.value as { dnsRecords: { name: string; type: string; value: string }[] })
    .dnsRecords;
  const dkim = records.filter((r) => r.name.includes('._domainkey.')).map((r) => r.name);
  assert.deepEqual(dkim.sort(), [
    'ed2026._domainkey.ac-test.fr.',
    'ed2027._domainkey.ac-test.fr.',
    'rsa2026._domainkey.ac-test.fr.',
  ]);
});

test('domain dkim refuses an unknown domain, a bad algorithm, a taken or malformed selector, in French', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await cli.run(['domain', 'add', 'ac-test.fr']);
  const unknown = await cli.run(['domain', 'dkim', 'ac-autre.fr', '--algorithm', 'ed25519']);
  assert.equal(unknown.code, 66);
  assert.match(unknown.stderr, /Le domaine « ac-autre\.fr » est introuvable/);
  const algorithm = await cli.run(['domain', 'dkim', 'ac-test.fr', '--algorithm', 'dsa']);
  assert.equal(algorithm.code, 64);
  assert.match(algorithm.stderr, /--algorithm doit valoir rsa ou ed25519/);
  assert.equal(
    (await cli.run(['domain', 'dkim', 'ac-test.fr', '--selector', 's1', '--algorithm', 'ed25519'])).code,
    0,
  );
  const taken = await cli.run(['domain', 'dkim', 'ac-test.fr', '--selector', 's1', '--algorithm', 'ed25519']);
  assert.equal(taken.code, 1);
  assert.match(taken.stderr, /La clé DKIM « s1\._domainkey\.ac-test\.fr » existe déjà\./);
  const malformed = await cli.run([
    'domain',
    'dkim',
    'ac-test.fr',
    '--selector',
    'pas bon',
    '--algorithm',
    'ed25519',
  ]);
  assert.equal(malformed.code, 1);
  assert.match(malformed.stderr, /un sélecteur DKIM est fait de lettres, chiffres et tirets/);
});
