import assert from 'node:assert/strict';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { fixedClock, systemClock } from '#core/clock';
import { silentLogger } from '#core/log';
import { inspectCertificate } from './inspect-certificate.ts';
import { ensureSelfSignedCertificate, selfSignedPaths } from './self-signed-certificate.ts';

const log = silentLogger();
let root: string;

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-tls-'));
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

/** A data folder that does not exist yet, as on a first run. */
function freshFolder(name: string): string {
  return join(root, name);
}

describe('self-signed certificate', { timeout: 30_000 }, () => {
  test('the first run makes an ECDSA P-256 certificate for the host name and the loopback names', async () => {
    const dataDir = freshFolder('first');
    const files = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'mail.example.org',
      clock: systemClock,
      log,
    });
    assert.equal(files.renewed, 'missing');
    const info = await inspectCertificate(files.certificatePath);
    assert.match(info.subject, /CN=mail\.example\.org/);
    assert.deepEqual(info.subjectAltNames, [
      'DNS:mail.example.org',
      'DNS:localhost',
      'IP Address:127.0.0.1',
      'IP Address:0:0:0:0:0:0:0:1',
    ]);
    assert.equal(info.isSelfSigned, true);
    const days = (info.notAfter.getTime() - Date.now()) / 86_400_000;
    assert.ok(days > 364 && days <= 365, `valid for about a year, got ${days} days`);
    assert.match(await readFile(files.privateKeyPath, 'utf8'), /^-----BEGIN PRIVATE KEY-----/);
    const { X509Certificate } = await import('node:crypto');
    const certificate = new X509Certificate(await readFile(files.certificatePath));
    assert.equal(certificate.publicKey.asymmetricKeyType, 'ec');
    assert.equal(certificate.publicKey.asymmetricKeyDetails?.namedCurve, 'prime256v1');
  });

  test('the key is readable by its owner only, in a folder only the owner can list', async () => {
    const dataDir = freshFolder('modes');
    const files = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'localhost',
      clock: systemClock,
      log,
    });
    assert.equal((await stat(files.privateKeyPath)).mode & 0o777, 0o600);
    assert.equal((await stat(join(dataDir, 'tls'))).mode & 0o777, 0o700);
  });

  test('a valid certificate is reused as it is', async () => {
    const dataDir = freshFolder('reuse');
    const first = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'a.example.org',
      clock: systemClock,
      log,
    });
    const before = await readFile(first.certificatePath, 'utf8');
    const second = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'A.example.org',
      clock: systemClock,
      log,
    });
    assert.equal(second.renewed, undefined);
    assert.equal(await readFile(second.certificatePath, 'utf8'), before);
  });

  test('a change of host name makes a new certificate for the new name', async () => {
    const dataDir = freshFolder('rename');
    await ensureSelfSignedCertificate({ dataDir, hostname: 'old.example.org', clock: systemClock, log });
    const files = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'new.example.org',
      clock: systemClock,
      log,
    });
    assert.equal(files.renewed, 'hostnameChanged');
    const info = await inspectCertificate(files.certificatePath);
    assert.ok(info.subjectAltNames.includes('DNS:new.example.org'));
    assert.ok(!info.subjectAltNames.includes('DNS:old.example.org'));
  });

  test('an expired or nearly expired certificate is renewed', async () => {
    const dataDir = freshFolder('expired');
    const longAgo = fixedClock(new Date(Date.now() - 340 * 86_400_000));
    await ensureSelfSignedCertificate({ dataDir, hostname: 'localhost', clock: longAgo, log });
    const files = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'localhost',
      clock: systemClock,
      log,
    });
    assert.equal(files.renewed, 'expiring');
    assert.ok(
      (await inspectCertificate(files.certificatePath)).notAfter.getTime() > Date.now() + 300 * 86_400_000,
    );
  });

  test('a key that does not match the certificate (a crash between the two writes) is replaced', async () => {
    const dataDir = freshFolder('mismatch');
    const one = join(root, 'other');
    const other = await ensureSelfSignedCertificate({
      dataDir: one,
      hostname: 'localhost',
      clock: systemClock,
      log,
    });
    await ensureSelfSignedCertificate({ dataDir, hostname: 'localhost', clock: systemClock, log });
    await writeFile(selfSignedPaths(dataDir).privateKeyPath, await readFile(other.privateKeyPath));
    const files = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'localhost',
      clock: systemClock,
      log,
    });
    assert.equal(files.renewed, 'keyMismatch');
  });

  test('a file that is not a certificate is replaced', async () => {
    const dataDir = freshFolder('garbage');
    const paths = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'localhost',
      clock: systemClock,
      log,
    });
    await writeFile(paths.certificatePath, 'not a certificate\n');
    const files = await ensureSelfSignedCertificate({
      dataDir,
      hostname: 'localhost',
      clock: systemClock,
      log,
    });
    assert.equal(files.renewed, 'unreadable');
  });
});
