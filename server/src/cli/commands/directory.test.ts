import assert from 'node:assert/strict';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import { uaiOf } from '#domain/directory';
import { openCliFixture, type CliFixture } from '../cli.fixture.ts';

const LYCEE = uaiOf(380027);
const ECOLE = uaiOf(730001);
const HEADER = 'matricule;nom;prenom;courriel;fonction;categorie;disciplines;etablissements;telephone';

async function fixture(
  t: TestContext,
  locale: 'fr' | 'en' = 'en',
): Promise<CliFixture & { file: (name: string, text: string | Uint8Array) => Promise<string> }> {
  const cli = await openCliFixture(t, locale);
  await cli.withServices(async ({ identity, directory }) => {
    await identity.addDomain('ac-test.fr');
    await directory.upsertEstablishments([
      { uai: LYCEE, name: 'Lycée Champollion', type: 'lycee', commune: 'Grenoble', department: '38' },
      { uai: ECOLE, name: 'École du Lac', type: 'ecole', commune: 'Chambéry', department: '73' },
    ]);
  });
  return Object.assign(cli, {
    async file(name: string, text: string | Uint8Array) {
      const path = join(cli.dataDir, name);
      await writeFile(path, text);
      return path;
    },
  });
}

function rows(count: number, extra = ''): string {
  const lines = [HEADER];
  for (let i = 1; i <= count; i++) {
    lines.push(
      `E${i};Nom${i};Prénom;p${i}@ac-test.fr;Professeur des écoles;primaryTeacher;;${ECOLE}:enseignant;04 79 00 00 0${i % 10}`,
    );
  }
  return `${lines.join('\n')}\n${extra}`;
}

test('a dry run prints the plan and writes nothing; the import then creates; a second run changes nothing', async (t) => {
  const cli = await fixture(t);
  const path = await cli.file('rh.csv', rows(3));
  const dry = await cli.run(['directory', 'import', '--csv', path, '--dry-run']);
  assert.equal(dry.code, 0, dry.stderr);
  assert.match(dry.stdout, /HR import \(csv, complete\): 3 record\(s\) read/);
  assert.match(dry.stdout, /E1 {2}Prénom Nom1 {2}p1@ac-test\.fr {2}0730001E teacher \[account to create\]/);
  assert.match(dry.stdout, /Dry run: nothing was written/);
  const none = await cli.json(['directory', 'people']);
  assert.deepEqual(none.value, []);

  const applied = await cli.json(['directory', 'import', '--csv', path]);
  assert.equal(applied.code, 0, applied.stderr);
  const result = applied.value as { report: { created: number; accounts: { created: number } } };
  assert.equal(result.report.created, 3);
  assert.equal(result.report.accounts.created, 3);
  assert.match(applied.stderr, /people: 3\/3/);

  const again = await cli.run(['directory', 'import', '--csv', path]);
  assert.equal(again.code, 0);
  assert.match(again.stdout, /new +0\n {2}updated +0\n {2}departures +0\n {2}unchanged +3/);

  const shown = await cli.run(['directory', 'person', 'show', 'p2@ac-test.fr']);
  assert.equal(shown.code, 0);
  assert.match(shown.stdout, /HR identifier +E2/);
  assert.match(shown.stdout, /0730001E — École du Lac \(Chambéry\), teacher, main/);
  assert.match(shown.stdout, /account +p2@ac-test\.fr \(active\)/);
  const missing = await cli.run(['directory', 'person', 'show', 'E99']);
  assert.equal(missing.code, 66);
  assert.match(missing.stderr, /No person "E99"/);

  const people = await cli.run(['directory', 'people', '--establishment', ECOLE]);
  assert.match(
    people.stdout,
    /Prénom Nom1 +p1@ac-test\.fr +Professeur des écoles +0730001E École du Lac +teacher/,
  );
  assert.match(people.stdout, /3 people\./);
  assert.match((await cli.run(['directory', 'people', '--establishment', LYCEE])).stdout, /No people\./);
});

test('rejected rows are listed with line and reason, and the exit code says so', async (t) => {
  const cli = await fixture(t, 'fr');
  const path = await cli.file(
    'rh.csv',
    rows(2, `E3;Sans;Établissement;;;;;${uaiOf(260001)};\nE4;"mal"forme;x;;;;;;\n`),
  );
  const run = await cli.run(['directory', 'import', '--csv', path]);
  assert.equal(run.code, 1);
  assert.match(
    run.stdout,
    /Fiches rejetées :\n {2}ligne 4 \(E3\) — établissement inconnu « 0260001K »\n {2}ligne 5 — guillemet mal placé/,
  );
  assert.match(run.stdout, /Import appliqué : 2 création\(s\)/);
  assert.match(run.stderr, /2 fiche\(s\) rejetée\(s\)/);

  // E2's row broken: E2 might be on it, so nobody departs until it is fixed.
  const broken = await cli.file('broken.csv', rows(1, 'E2;"Nom2"x;Prénom;;;;;;\n'));
  const refused = await cli.run(['directory', 'import', '--csv', broken], {
    env: { VERCORS_DIRECTORY_IMPORT_MAX_DEPARTURE_SHARE: '100' },
  });
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /1 ligne\(s\) illisible\(s\) sans identifiant RH, et 1 départ\(s\) prévu\(s\)/,
  );
  const e2 = (await cli.json(['directory', 'person', 'show', 'E2'])).value as { hrStatus: string };
  assert.equal(e2.hrStatus, 'present');
});

test('a Latin-1 file, a missing file and a missing column are refused clearly', async (t) => {
  const cli = await fixture(t);
  const latin1 = Buffer.from(`${HEADER}\nE1;H\u00e9l\u00e8ne;x;;;;;;\n`, 'latin1');
  const bad = await cli.run(['directory', 'import', '--csv', await cli.file('excel.csv', latin1)]);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /not UTF-8 \(line 2\).*"CSV UTF-8"/);
  const gone = await cli.run(['directory', 'import', '--csv', join(cli.dataDir, 'nope.csv')]);
  assert.equal(gone.code, 66);
  assert.match(gone.stderr, /ENOENT/);
  const column = await cli.run([
    'directory',
    'import',
    '--csv',
    await cli.file('c.csv', 'matricule;nom\n1;x\n'),
  ]);
  assert.match(column.stderr, /no "prenom" column/);
  const usage = await cli.run(['directory', 'import']);
  assert.equal(usage.code, 64);
  const ldap = await cli.run(['directory', 'import', '--ldap']);
  assert.equal(ldap.code, 78);
  assert.match(ldap.stderr, /directory\.ldap\.url/);
});

test('a truncated complete file is refused by the guard; --partial departs nobody; --force applies', async (t) => {
  const cli = await fixture(t);
  assert.equal(
    (await cli.run(['directory', 'import', '--csv', await cli.file('all.csv', rows(10))])).code,
    0,
  );
  const truncated = await cli.file('half.csv', rows(5));
  const refused = await cli.run(['directory', 'import', '--csv', truncated]);
  assert.equal(refused.code, 1);
  assert.match(
    refused.stderr,
    /Import refused: 5 departure\(s\) out of 10 present people \(50%, above 10%\)/,
  );
  const partial = await cli.run(['directory', 'import', '--csv', truncated, '--partial']);
  assert.equal(partial.code, 0);
  assert.match(partial.stdout, /departures +0/);
  const forced = await cli.run(['directory', 'import', '--csv', truncated, '--force']);
  assert.equal(forced.code, 0);
  assert.match(forced.stdout, /5 departure\(s\); accounts: 0 created, 0 linked, 5 suspended/);
  const status = await cli.json(['user', 'show', 'p9@ac-test.fr']);
  assert.equal((status.value as { status: string; statusReason: string }).statusReason, 'departure');
});

test('establishments are loaded from their CSV file, bad rows listed, then kept when a column is left out', async (t) => {
  const cli = await fixture(t);
  const path = await cli.file(
    'etab.csv',
    'uai,nom,type,commune,departement,circonscription,adresse,code_postal,telephone,site\n' +
      `${uaiOf(70001)},Lycée du Vivarais,lycee,Privas,7,Bassin de Privas,1 rue des Écoles,07000,04 75 00 00 00,vivarais.example.fr\n` +
      `${LYCEE},Lycée Champollion,lycee,Grenoble,38,,,38000,,\n` +
      `${uaiOf(70002)},Collège X,universite,Privas,07,,,,,\n` +
      `${uaiOf(70003)},Collège Y,college,Privas,07,,,7000,,\n`,
  );
  const dry = await cli.run(['directory', 'establishment', 'import', '--csv', path, '--dry-run']);
  assert.equal(dry.code, 1);
  assert.match(dry.stdout, /4 row\(s\) read — 1 new, 1 updated, 2 rejected/);
  assert.match(dry.stdout, /line 4 \(0070002[A-Z]\) — unknown value "universite" for type/);
  assert.match(dry.stdout, /line 5 \(0070003[A-Z]\) — invalid postal code "7000"/);
  assert.equal((await cli.run(['directory', 'establishment', 'import', '--csv', path])).code, 1);
  const vivarais = await cli.withServices(({ directory }) => directory.getEstablishment(uaiOf(70001)));
  assert.equal(vivarais?.department, '07');
  assert.equal(vivarais?.website, 'https://vivarais.example.fr/');
  assert.deepEqual(vivarais?.address, { street: '1 rue des Écoles', postalCode: '07000' });
  const renamed = await cli.file(
    'noms.csv',
    `uai;nom;type;commune;departement\n${uaiOf(70001)};Cité du Vivarais;lycee;Privas;07\n`,
  );
  assert.equal((await cli.run(['directory', 'establishment', 'import', '--csv', renamed])).code, 0);
  const after = await cli.withServices(({ directory }) => directory.getEstablishment(uaiOf(70001)));
  assert.equal(after?.name, 'Cité du Vivarais');
  assert.equal(after?.phone, '04 75 00 00 00');
});
