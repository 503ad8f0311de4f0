import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { DEFAULT_CSV_MAPPING, readCsvRecords } from './csv-records.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

test('the documented format becomes records with posts, roles and disciplines', () => {
  const read = readCsvRecords(
    utf8(
      'Matricule;NOM;prenom;courriel;fonction;categorie;disciplines;etablissements;telephone;autre\n' +
        'E1;Martin;Hélène;h.martin@ac-test.fr;Professeure;secondaryTeacher;Maths|NSI;0380027Y:enseignant|0380028Z;04 76 00 00 01;x\n' +
        'E2;"Dupont; fils";Jean;;;;;;;\n',
    ),
    DEFAULT_CSV_MAPPING,
  );
  assert.equal(read.source, 'csv');
  assert.deepEqual(read.rejected, []);
  assert.deepEqual(read.records[0], {
    location: { line: 2 },
    hrId: 'E1',
    familyName: 'Martin',
    givenName: 'Hélène',
    displayName: '',
    email: 'h.martin@ac-test.fr',
    title: 'Professeure',
    profileCategory: 'secondaryTeacher',
    disciplines: ['Maths', 'NSI'],
    phone: '04 76 00 00 01',
    posts: [{ uai: '0380027Y', role: 'enseignant' }, { uai: '0380028Z' }],
  });
  assert.equal(read.records[1]?.familyName, 'Dupont; fils');
  assert.deepEqual(read.records[1]?.posts, []);
});

test('columns and separators follow the mapping; a row that cannot be read is rejected with its line', () => {
  const mapping = {
    columns: { ...DEFAULT_CSV_MAPPING.columns, hrId: 'id', establishments: 'uai' },
    listSeparator: '/',
    roleSeparator: '=',
  };
  const read = readCsvRecords(
    utf8('id,nom,prenom,uai\nA,B,C,0380027Y=direction/0380028Z\nX,"bad"quote,Y,\n'),
    mapping,
  );
  assert.deepEqual(read.records[0]?.posts, [{ uai: '0380027Y', role: 'direction' }, { uai: '0380028Z' }]);
  assert.deepEqual(read.rejected, [{ line: 3, hrId: null, reason: 'strayQuote' }]);
});

test('a file without a required column, or not in UTF-8, is refused as a whole', () => {
  const reasonOf = (bytes: Uint8Array) => {
    try {
      readCsvRecords(bytes, DEFAULT_CSV_MAPPING);
    } catch (error) {
      assert.ok(error instanceof DomainError);
      return [error.details.reason, error.details.column ?? error.details.line];
    }
    return undefined;
  };
  assert.deepEqual(reasonOf(utf8('matricule;nom\n1;x\n')), ['missingColumn', 'prenom']);
  assert.deepEqual(reasonOf(new Uint8Array([...utf8('matricule;nom;prenom\n1;'), 0xe9, 0x0a])), [
    'invalidUtf8',
    2,
  ]);
});
