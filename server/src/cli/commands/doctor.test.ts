import assert from 'node:assert/strict';
import { chmod, mkdir, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:net';
import { join } from 'node:path';
import { test } from 'node:test';
import { createSelfSignedCertificate } from '../../runtime/tls/create-self-signed-certificate.ts';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

interface Report {
  isHealthy: boolean;
  failures: number;
  warnings: number;
  checks: { area: string; status: string; message: string; fix?: string }[];
  dnsRecords: { name: string; type: string; value: string }[];
}

async function doctor(
  cli: CliFixture,
  env: Record<string, string> = {},
): Promise<{ code: number; report: Report }> {
  const { code, value } = await cli.json(['doctor'], { env });
  return { code, report: value as Report };
}

async function writePair(dir: string, hostname: string, issuedAt: Date): Promise<Record<string, string>> {
  await mkdir(dir, { recursive: true });
  const pair = await createSelfSignedCertificate(hostname, issuedAt);
  await writeFile(join(dir, 'cert.pem'), pair.certificate);
  await writeFile(join(dir, 'key.pem'), pair.privateKey, { mode: 0o600 });
  return { VERCORS_TLS_CERTIFICATE: join(dir, 'cert.pem'), VERCORS_TLS_PRIVATE_KEY: join(dir, 'key.pem') };
}

test('a fresh data folder passes with warnings: localhost, no certificate yet, no domain', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const { code, report } = await doctor(cli);
  assert.equal(code, 0);
  assert.equal(report.isHealthy, true);
  const statusOf = (area: string) => report.checks.filter((c) => c.area === area).map((c) => c.status);
  assert.deepEqual(statusOf('storage'), ['ok']);
  assert.ok(statusOf('dataFolder').every((s) => s === 'ok'));
  assert.deepEqual(statusOf('tls'), ['warn']);
  assert.deepEqual(statusOf('dns'), ['warn']);
  assert.ok(
    report.checks.some((c) => c.area === 'config' && c.status === 'warn' && /localhost/.test(c.message)),
  );
  assert.ok(
    report.checks.filter((c) => c.status !== 'ok').every((c) => c.fix !== undefined && c.fix.length > 0),
  );
  assert.deepEqual(report.dnsRecords, []);
});

test('every served domain gets its DNS records, for the configured host name', async (t) => {
  const cli = await openCliFixture(t, 'fr');
  await cli.run(['domain', 'add', 'ac-test.fr']);
  await cli.run(['domain', 'add', 'ac-autre.fr']);
  const env = { VERCORS_HOSTNAME: 'mail.ac-test.fr' };
  const { report } = await doctor(cli, env);
  const records = report.dnsRecords.map((r) => `${r.name} ${r.type} ${r.value}`);
  for (const domain of ['ac-test.fr', 'ac-autre.fr']) {
    assert.ok(records.includes(`${domain}. MX 10 mail.ac-test.fr.`));
    assert.ok(records.includes(`${domain}. TXT "v=spf1 mx -all"`));
    assert.ok(
      records.some((r) => r.startsWith(`_dmarc.${domain}. TXT "v=DMARC1; p=quarantine; rua=mailto:`)),
    );
    assert.ok(records.includes(`_imaps._tcp.${domain}. SRV 0 1 993 mail.ac-test.fr.`));
  }
  const human = await cli.run(['doctor'], { env });
  assert.match(human.stdout, /Enregistrements DNS à publier/);
  assert.match(
    human.stdout,
    /^ {2}_submissions\._tcp\.ac-test\.fr\.\s+3600 {2}IN {2}SRV {4}0 1 465 mail\.ac-test\.fr\.$/m,
  );
  assert.match(human.stdout, /Bilan : 0 échec\(s\)/);
});

test('a listener address already taken is a warning, naming the setting to change', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen({ host: '127.0.0.1', port: 0 }, resolve));
  t.after(() => new Promise<void>((resolve) => server.close(() => resolve())));
  const { port } = server.address() as { port: number };
  const { code, report } = await doctor(cli, { VERCORS_LISTEN_IMAPS: `127.0.0.1:${port}` });
  assert.equal(code, 0);
  const imaps = report.checks.find((c) => c.area === 'listeners' && c.message.startsWith('imaps'));
  assert.equal(imaps?.status, 'warn');
  assert.match(imaps?.message ?? '', /already in use/);
  assert.match(imaps?.fix ?? '', /listen\.imaps/);
});

test('a configured certificate that is valid for the host name passes, warning only that it is self-signed', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const tls = await writePair(join(cli.dataDir, 'certs'), 'mail.ac-test.fr', new Date());
  const { code, report } = await doctor(cli, { ...tls, VERCORS_HOSTNAME: 'mail.ac-test.fr' });
  assert.equal(code, 0);
  const checks = report.checks.filter((c) => c.area === 'tls');
  assert.deepEqual(
    checks.map((c) => c.status),
    ['ok', 'ok', 'ok', 'warn'],
  );
  assert.match(checks[3]?.message ?? '', /self-signed/);
});

test('an expired certificate, or one for another host, fails and makes doctor exit 1', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const expired = await writePair(
    join(cli.dataDir, 'old'),
    'mail.ac-test.fr',
    new Date(Date.now() - 800 * 86_400_000),
  );
  const first = await doctor(cli, { ...expired, VERCORS_HOSTNAME: 'mail.ac-test.fr' });
  assert.equal(first.code, 1);
  assert.ok(first.report.checks.some((c) => c.status === 'fail' && /expired on/.test(c.message)));

  const other = await writePair(join(cli.dataDir, 'other'), 'mail.ac-ailleurs.fr', new Date());
  const second = await doctor(cli, { ...other, VERCORS_HOSTNAME: 'mail.ac-test.fr' });
  assert.equal(second.code, 1);
  assert.ok(
    second.report.checks.some(
      (c) => c.status === 'fail' && /does not cover the host name mail\.ac-test\.fr/.test(c.message),
    ),
  );
});

test('a missing certificate file or a key from another pair fails with the setting to fix', async (t) => {
  const cli = await openCliFixture(t, 'en');
  const missing = await doctor(cli, {
    VERCORS_TLS_CERTIFICATE: join(cli.dataDir, 'nope.pem'),
    VERCORS_TLS_PRIVATE_KEY: join(cli.dataDir, 'nope.key'),
  });
  assert.equal(missing.code, 1);
  assert.ok(
    missing.report.checks.some(
      (c) => c.area === 'tls' && c.status === 'fail' && /tls\.certificate/.test(c.message),
    ),
  );

  const a = await writePair(join(cli.dataDir, 'a'), 'localhost', new Date());
  const b = await writePair(join(cli.dataDir, 'b'), 'localhost', new Date());
  const mismatched = await doctor(cli, {
    VERCORS_TLS_CERTIFICATE: a.VERCORS_TLS_CERTIFICATE ?? '',
    VERCORS_TLS_PRIVATE_KEY: b.VERCORS_TLS_PRIVATE_KEY ?? '',
  });
  assert.equal(mismatched.code, 1);
  assert.ok(
    mismatched.report.checks.some(
      (c) => c.status === 'fail' && /not a PEM private key matching/.test(c.message),
    ),
  );
});

test('a data folder open to other users is a warning with the chmod to run', async (t) => {
  const cli = await openCliFixture(t, 'en');
  await cli.run(['init']);
  await chmod(cli.dataDir, 0o755);
  const { report } = await doctor(cli);
  const open = report.checks.find((c) => c.area === 'dataFolder' && c.status === 'warn');
  assert.match(open?.message ?? '', /open to other users \(mode 755\)/);
  assert.equal(open?.fix?.startsWith(`chmod 750 ${cli.dataDir}`), true);
});
