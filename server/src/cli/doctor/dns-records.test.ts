import assert from 'node:assert/strict';
import { test } from 'node:test';
import { dnsRecordsFor, zoneLine } from './dns-records.ts';

test('a domain needs MX, SPF, DMARC, autoconfiguration names and SRV records, all pointing at the host name', () => {
  const records = dnsRecordsFor('ac-test.fr', 'mail.ac-test.fr');
  assert.deepEqual(
    records.map((r) => `${r.name} ${r.type} ${r.value}`),
    [
      'ac-test.fr. MX 10 mail.ac-test.fr.',
      'ac-test.fr. TXT "v=spf1 mx -all"',
      '_dmarc.ac-test.fr. TXT "v=DMARC1; p=quarantine; rua=mailto:postmaster@ac-test.fr"',
      'autoconfig.ac-test.fr. CNAME mail.ac-test.fr.',
      'autodiscover.ac-test.fr. CNAME mail.ac-test.fr.',
      '_imaps._tcp.ac-test.fr. SRV 0 1 993 mail.ac-test.fr.',
      '_submissions._tcp.ac-test.fr. SRV 0 1 465 mail.ac-test.fr.',
      '_caldavs._tcp.ac-test.fr. SRV 0 1 443 mail.ac-test.fr.',
      '_carddavs._tcp.ac-test.fr. SRV 0 1 443 mail.ac-test.fr.',
    ],
  );
});

test('zone lines align names and carry a TTL and the IN class', () => {
  const [mx] = dnsRecordsFor('ac-test.fr', 'mail.ac-test.fr');
  assert.ok(mx);
  assert.equal(zoneLine(mx, 14), 'ac-test.fr.     3600  IN  MX     10 mail.ac-test.fr.');
});
