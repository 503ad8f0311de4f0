import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { readConfig } from '../../../main.ts';
import { refusedWith } from '../../../test-support/refused-with.ts';
import { DIRECTORY_SETTINGS } from '../settings.ts';
import { readConfiguredSource } from './configured-source.ts';

test('the scheduled import reads the CSV file the settings name, or says what is missing', async (t) => {
  const folder = await mkdtemp(join(tmpdir(), 'vercors-hr-'));
  t.after(() => rm(folder, { recursive: true, force: true }));
  const file = join(folder, 'rh.csv');
  await writeFile(
    file,
    'matricule;nom;prenom;courriel;fonction;categorie;disciplines;etablissements;telephone\r\n' +
      'E1;Martin;Hélène;helene.martin@ac-test.fr;Professeure;secondaryTeacher;;0380027Y:enseignant;\r\n',
  );
  const settings = (env: Record<string, string>) =>
    readConfig({ VERCORS_DATA: folder, ...env }).get(DIRECTORY_SETTINGS);
  const read = await readConfiguredSource(settings({ VERCORS_DIRECTORY_IMPORT_CSV_FILE: file }));
  assert.deepEqual(
    read.records.map((record) => [record.hrId, record.familyName]),
    [['E1', 'Martin']],
  );
  await refusedWith(
    readConfiguredSource(settings({ VERCORS_DIRECTORY_IMPORT_CSV_FILE: join(folder, 'absent.csv') })),
    'unavailable',
  );
  await refusedWith(readConfiguredSource(settings({})), 'invalid', 'sourceNotConfigured');
  await refusedWith(
    readConfiguredSource(
      settings({
        VERCORS_DIRECTORY_LDAP_URL: 'ldap://127.0.0.1:1',
        VERCORS_DIRECTORY_LDAP_BASE_DN: 'dc=ac-test,dc=fr',
        VERCORS_DIRECTORY_LDAP_BIND_DN: 'cn=import,dc=ac-test,dc=fr',
      }),
    ),
    'invalid',
    'ldapPasswordMissing',
  );
});
