import assert from 'node:assert/strict';
import { copyFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { systemClock } from '#core/clock';
import { ConfigError } from '#core/errors';
import { silentLogger } from '#core/log';
import { ensureSelfSignedCertificate } from './self-signed-certificate.ts';
import { createTlsContextProvider } from './tls-context-provider.ts';
import { loadTlsMaterial, prepareTlsFiles, tlsFiles, type TlsSettings } from './tls-material.ts';

const log = silentLogger();
let root: string;
/** Two independent pairs to configure through tls.certificate / tls.private-key. */
let one: { certificatePath: string; privateKeyPath: string };
let two: { certificatePath: string; privateKeyPath: string };

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'vercors-tls-provider-'));
  one = await ensureSelfSignedCertificate({
    dataDir: join(root, 'one'),
    hostname: 'one.test',
    clock: systemClock,
    log,
  });
  two = await ensureSelfSignedCertificate({
    dataDir: join(root, 'two'),
    hostname: 'two.test',
    clock: systemClock,
    log,
  });
});
after(async () => {
  await rm(root, { recursive: true, force: true });
});

const settings = (over: Partial<TlsSettings>): TlsSettings => ({
  dataDir: join(root, 'data'),
  hostname: 'localhost',
  certificate: '',
  privateKey: '',
  ...over,
});

function problemsOf(error: unknown): string {
  assert.ok(error instanceof ConfigError, `expected a ConfigError, got ${String(error)}`);
  return error.problems.join('\n');
}

describe('TLS material and provider', { timeout: 30_000 }, () => {
  test('with no tls.* files the self-signed pair of the data folder is used', async () => {
    const files = await prepareTlsFiles(settings({}), { clock: systemClock, log });
    assert.equal(files.source, 'self-signed');
    const material = await loadTlsMaterial(settings({}));
    assert.equal(material.certificatePath, join(root, 'data', 'tls', 'self-signed.pem'));
  });

  test('configured files are used, relative paths from the data folder', async () => {
    const dataDir = join(root, 'one');
    const material = await loadTlsMaterial(
      settings({ dataDir, certificate: 'tls/self-signed.pem', privateKey: one.privateKeyPath }),
    );
    assert.equal(material.source, 'configured');
    assert.equal(material.certificatePath, one.certificatePath);
    assert.ok(material.info.subjectAltNames.includes('DNS:one.test'));
  });

  test('only one of tls.certificate and tls.private-key is a configuration error naming the empty one', () => {
    assert.throws(
      () => tlsFiles(settings({ certificate: one.certificatePath })),
      (error) => /tls\.private-key is empty/.test(problemsOf(error)),
    );
  });

  test('a missing file is reported with its setting and path', async () => {
    const missing = join(root, 'nowhere.pem');
    await assert.rejects(
      loadTlsMaterial(settings({ certificate: missing, privateKey: one.privateKeyPath })),
      (error) => problemsOf(error).includes(`tls.certificate (${missing}) cannot be read: ENOENT`),
    );
  });

  test('a key that belongs to another certificate is refused', async () => {
    await assert.rejects(
      loadTlsMaterial(settings({ certificate: one.certificatePath, privateKey: two.privateKeyPath })),
      (error) =>
        /tls\.private-key .* is not a PEM private key matching tls\.certificate/.test(problemsOf(error)),
    );
  });

  test('a file that is not PEM is refused', async () => {
    const junk = join(root, 'junk.pem');
    await writeFile(junk, 'hello\n');
    await assert.rejects(
      loadTlsMaterial(settings({ certificate: junk, privateKey: one.privateKeyPath })),
      (error) => /tls\.certificate .* is not a PEM certificate/.test(problemsOf(error)),
    );
  });

  test('reload swaps the pair and tells the listeners', async () => {
    const certificate = join(root, 'live.pem');
    const privateKey = join(root, 'live.key');
    await copyFile(one.certificatePath, certificate);
    await copyFile(one.privateKeyPath, privateKey);
    const provider = await createTlsContextProvider(settings({ certificate, privateKey }), log);
    const first = provider.current();
    const seen: string[] = [];
    provider.onChange((material) => seen.push(material.info.subject));

    await copyFile(two.certificatePath, certificate);
    await copyFile(two.privateKeyPath, privateKey);
    await provider.reload(settings({ certificate, privateKey }));
    assert.notEqual(provider.current(), first);
    assert.match(provider.material().info.subject, /CN=two\.test/);
    assert.equal(seen.length, 1);
    const fromSni = await new Promise((resolve) =>
      provider.sniCallback('two.test', (_e, context) => resolve(context)),
    );
    assert.equal(fromSni, provider.current());
  });

  test('a failed reload keeps the pair in service', async () => {
    const provider = await createTlsContextProvider(
      settings({ certificate: one.certificatePath, privateKey: one.privateKeyPath }),
      log,
    );
    const before = provider.current();
    let calls = 0;
    provider.onChange(() => calls++);
    await assert.rejects(
      provider.reload(settings({ certificate: one.certificatePath, privateKey: two.privateKeyPath })),
      ConfigError,
    );
    assert.equal(provider.current(), before);
    assert.match(provider.material().info.subject, /CN=one\.test/);
    assert.equal(calls, 0);
  });
});
