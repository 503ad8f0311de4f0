// The LDAP source against a real OpenLDAP (Debian's slapd) on loopback: paged search over more entries than a
// page, attribute mapping, the import end to end, and clear errors for a refused bind, an unreachable server
// and a filter matching too much.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { DomainError } from '#core/errors';
import { readConfig } from '../../../main.ts';
import { startThrowawaySlapd, type ThrowawaySlapd } from '../../../test-support/throwaway-slapd.ts';
import { openTestServices } from '../../../test-support/test-services.ts';
import { DIRECTORY_SETTINGS } from '../settings.ts';
import { uaiOf } from '../uai.ts';
import { readLdapRecords, type LdapSourceOptions } from './ldap-source.ts';
import { ldapOptionsFrom } from './source-settings.ts';

const LYCEE = uaiOf(380027);
const COLLEGE = uaiOf(380028);
const PEOPLE = 25;
let slapd: ThrowawaySlapd;

before(async () => {
  slapd = await startThrowawaySlapd();
  const entries = [`dn: ou=personnels,${slapd.suffix}\nobjectClass: organizationalUnit\nou: personnels\n`];
  for (let i = 1; i <= PEOPLE; i++) {
    entries.push(
      [
        `dn: uid=agent${i},ou=personnels,${slapd.suffix}`,
        'objectClass: inetOrgPerson',
        `uid: agent${i}`,
        `sn: Nom${i}`,
        ldif('givenName', 'Hélène'),
        ldif('cn', `Hélène Nom${i}`),
        `mail: agent${i}@ac-test.fr`,
        ldif('title', 'Professeur certifié'),
        'employeeType: secondaryTeacher',
        ldif('businessCategory', 'Mathématiques'),
        'businessCategory: NSI',
        `departmentNumber: ${i % 2 === 0 ? COLLEGE : LYCEE}:enseignant`,
        `departmentNumber: ${i % 2 === 0 ? LYCEE : COLLEGE}`,
        'telephoneNumber: 04 76 00 00 00',
        '',
      ].join('\n'),
    );
  }
  entries.push(
    `dn: cn=twice,ou=personnels,${slapd.suffix}\nobjectClass: inetOrgPerson\ncn: twice\nsn: Twice\nuid: a\nuid: b\n`,
  );
  await slapd.add(entries.join('\n'));
});

/** An LDIF line; non-ASCII values are base64-encoded (RFC 2849), as real exports write them. */
function ldif(name: string, value: string): string {
  return /^[\x20-\x7e]*$/.test(value)
    ? `${name}: ${value}`
    : `${name}:: ${Buffer.from(value).toString('base64')}`;
}

after(async () => {
  await slapd.stop();
});

function options(overrides: Partial<LdapSourceOptions> = {}): LdapSourceOptions {
  const settings = readConfig({
    VERCORS_DIRECTORY_LDAP_URL: slapd.url,
    VERCORS_DIRECTORY_LDAP_BIND_DN: slapd.rootDn,
    VERCORS_DIRECTORY_LDAP_BASE_DN: `ou=personnels,${slapd.suffix}`,
    VERCORS_DIRECTORY_LDAP_PAGE_SIZE: '10',
    VERCORS_DIRECTORY_LDAP_TIMEOUT: '5s',
  }).get(DIRECTORY_SETTINGS);
  return { ...ldapOptionsFrom(settings, slapd.rootPassword), ...overrides };
}

async function failure(promise: Promise<unknown>): Promise<DomainError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof DomainError, String(error));
    return error;
  }
  assert.fail('expected a DomainError');
}

test('a paged search reads every entry and maps the default académie attributes', async () => {
  const read = await readLdapRecords(options());
  assert.equal(read.source, 'ldap');
  assert.equal(read.records.length, PEOPLE);
  const agent2 = read.records.find((r) => r.hrId === 'agent2');
  assert.deepEqual(
    { ...agent2, location: agent2?.location.entry },
    {
      location: `uid=agent2,ou=personnels,${slapd.suffix}`,
      hrId: 'agent2',
      familyName: 'Nom2',
      givenName: 'Hélène',
      displayName: '',
      email: 'agent2@ac-test.fr',
      title: 'Professeur certifié',
      profileCategory: 'secondaryTeacher',
      disciplines: ['Mathématiques', 'NSI'],
      phone: '04 76 00 00 00',
      posts: [{ uai: COLLEGE, role: 'enseignant' }, { uai: LYCEE }],
    },
  );
  assert.deepEqual(
    read.rejected.map((r) => [r.entry, r.reason]),
    [[`cn=twice,ou=personnels,${slapd.suffix}`, 'multipleValues']],
  );
});

test('the LDAP import runs end to end and a second run changes nothing', async (t) => {
  const services = await openTestServices(t);
  await services.identity.addDomain('ac-test.fr');
  await services.directory.upsertEstablishments([
    { uai: LYCEE, name: 'Lycée Champollion', type: 'lycee', commune: 'Grenoble', department: '38' },
    { uai: COLLEGE, name: 'Collège Stendhal', type: 'college', commune: 'Grenoble', department: '38' },
  ]);
  const plan = await services.directory.planImport(await readLdapRecords(options()));
  const report = await services.directory.applyImport(plan);
  assert.equal(report.created, PEOPLE);
  assert.equal(report.accounts.created, PEOPLE);
  assert.equal((await services.identity.findAccount('agent3@ac-test.fr'))?.establishmentUai, LYCEE);
  const again = await services.directory.planImport(await readLdapRecords(options()));
  assert.deepEqual([again.creates.length, again.updates.length, again.departures.length], [0, 0, 0]);
  assert.equal(again.unchanged, PEOPLE);
});

test('a refused bind, an unreachable server, a missing base and too many entries are said clearly', async () => {
  const badBind = await failure(readLdapRecords(options({ password: 'wrong' })));
  assert.deepEqual([badBind.code, badBind.details.reason], ['invalid', 'ldapBindRefused']);
  const closed = await failure(readLdapRecords(options({ url: 'ldap://127.0.0.1:1', timeoutMs: 2000 })));
  assert.deepEqual([closed.code, closed.details.reason], ['unavailable', 'ldapUnreachable']);
  const noBase = await failure(readLdapRecords(options({ baseDn: `ou=nowhere,${slapd.suffix}` })));
  assert.deepEqual([noBase.code, noBase.details.reason], ['invalid', 'ldapNoSuchBase']);
  const tooMany = await failure(readLdapRecords(options({ maxEntries: 15 })));
  assert.deepEqual(
    [tooMany.code, tooMany.details.reason, tooMany.details.max],
    ['limit', 'ldapTooManyEntries', 15],
  );
});
