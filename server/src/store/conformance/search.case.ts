// Conformance cases about the search index's bookkeeping: each field finds its own part, indexing replaces,
// removal and rollback, accounts never see each other's documents, and/or/not, account deletion.

import assert from 'node:assert/strict';
import type { SearchDocument, SearchField } from '../store.ts';
import type { ConformanceCase } from './store-conformance.case.ts';
import { found, has, indexAll } from './search-fixture.ts';
import { addAccounts } from './test-accounts.ts';

/** One distinctive word per part, so a field that looks in the wrong part is caught. */
const PARTS: SearchDocument = {
  subject: 'Sujet alphasujet',
  from: ['Expéditeur Bravofrom <bravo@ac-lyon.fr>'],
  to: ['Charlieto <charlie@ac-lyon.fr>'],
  cc: ['Deltacc <delta@ac-lyon.fr>'],
  bcc: ['Echobcc <echo@ac-lyon.fr>'],
  body: 'Corps du message foxtrotbody.',
  attachmentNames: ['golfpiece.pdf'],
};

const WORD_OF_FIELD: readonly [SearchField, string][] = [
  ['subject', 'alphasujet'],
  ['from', 'bravofrom'],
  ['to', 'charlieto'],
  ['cc', 'deltacc'],
  ['bcc', 'echobcc'],
  ['body', 'foxtrotbody'],
  ['attachmentName', 'golfpiece'],
];

const ADDRESS_FIELDS: readonly SearchField[] = ['from', 'to', 'cc', 'bcc'];

export const searchCases: readonly ConformanceCase[] = [
  {
    name: 'each field finds its own part, address finds any address, and text finds every part',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', { e1: PARTS, empty: {} });
      for (const [field, word] of WORD_OF_FIELD) {
        for (const match of ['substring', 'words'] as const) {
          assert.deepEqual(
            await found(database, 'acc-a', has(word, field, match)),
            ['e1'],
            `${field} ${match}`,
          );
          assert.deepEqual(await found(database, 'acc-a', has(word, 'text', match)), ['e1'], `text ${match}`);
          const isAddress = ADDRESS_FIELDS.includes(field);
          assert.deepEqual(
            await found(database, 'acc-a', has(word, 'address', match)),
            isAddress ? ['e1'] : [],
          );
          for (const [other] of WORD_OF_FIELD.filter(([f]) => f !== field)) {
            assert.deepEqual(
              await found(database, 'acc-a', has(word, other, match)),
              [],
              `${word} in ${other}`,
            );
          }
        }
      }
    },
  },
  {
    name: 'indexing an object again replaces its document, and removing it takes it out',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', { e1: { subject: 'Ancien sujet' }, e2: { subject: 'Ancien aussi' } });
      await indexAll(database, 'acc-a', { e1: { subject: 'Nouveau sujet', body: 'Texte neuf' } });
      assert.deepEqual(await found(database, 'acc-a', has('ancien')), ['e2']);
      assert.deepEqual(await found(database, 'acc-a', has('nouveau', 'subject', 'words')), ['e1']);
      assert.deepEqual(await found(database, 'acc-a', has('neuf', 'body')), ['e1']);

      await database.write(async (tx) => {
        await database.search.remove(tx, 'acc-a', 'e1');
        // Unknown ids, and ids of an account that has indexed nothing, are no-ops.
        await database.search.remove(tx, 'acc-a', 'never-indexed');
        await database.search.remove(tx, 'acc-b', 'e2');
      });
      assert.deepEqual(await found(database, 'acc-a', has('sujet')), []);
      assert.deepEqual(await found(database, 'acc-a', { and: [] }), ['e2']);
      // A removed id can be indexed again.
      await indexAll(database, 'acc-a', { e1: { subject: 'Revenu' } });
      assert.deepEqual(await found(database, 'acc-a', has('revenu')), ['e1']);
    },
  },
  {
    name: 'a rolled-back write leaves the index exactly as it was',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', { kept: { subject: 'Conservé' }, replaced: { subject: 'Original' } });
      const failure = new Error('delivery failed');
      await assert.rejects(
        database.write(async (tx) => {
          await database.search.index(tx, 'acc-a', 'added', { subject: 'Ajouté' });
          await database.search.index(tx, 'acc-a', 'replaced', { subject: 'Remplacé' });
          await database.search.remove(tx, 'acc-a', 'kept');
          throw failure;
        }),
        (error) => error === failure,
      );
      assert.deepEqual(await found(database, 'acc-a', { and: [] }), ['kept', 'replaced']);
      assert.deepEqual(await found(database, 'acc-a', has('original', 'subject')), ['replaced']);
      assert.deepEqual(await found(database, 'acc-a', has('remplace')), []);
      assert.deepEqual(await found(database, 'acc-a', has('ajoute')), []);
      // The index still works after the rollback (SQLite: no half-written FTS rows).
      await indexAll(database, 'acc-a', { added: { subject: 'Ajouté pour de bon' } });
      assert.deepEqual(await found(database, 'acc-a', has('ajoute', 'subject', 'words')), ['added']);
    },
  },
  {
    name: 'an account never sees another account’s documents, even under the same object ids',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a', 'acc-b', 'acc-c');
      await indexAll(database, 'acc-a', { e1: { subject: 'Réunion A' }, e2: { body: 'commun' } });
      await indexAll(database, 'acc-b', { e1: { subject: 'Réunion B' }, e3: { body: 'commun secret' } });
      assert.deepEqual(await found(database, 'acc-a', has('reunion')), ['e1']);
      assert.deepEqual(await found(database, 'acc-a', has('secret')), []);
      assert.deepEqual(await found(database, 'acc-a', has('commun', 'body', 'words')), ['e2']);
      assert.deepEqual(await found(database, 'acc-a', { not: has('reunion') }), ['e2']);
      assert.deepEqual(await found(database, 'acc-a', { and: [] }), ['e1', 'e2']);
      assert.deepEqual(
        await found(database, 'acc-b', { or: [has('a', 'subject', 'words'), has('secret')] }),
        ['e3'],
      );
      // acc-c has indexed nothing; unknown accounts find nothing either.
      assert.deepEqual(await found(database, 'acc-c', { and: [] }), []);
      assert.deepEqual(await found(database, 'no-such-account', { not: has('x') }), []);

      await database.write((tx) => database.search.remove(tx, 'acc-a', 'e1'));
      assert.deepEqual(await found(database, 'acc-b', has('reunion')), ['e1']);
    },
  },
  {
    name: 'and, or and not combine conditions; an empty and matches all, an empty or nothing',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(database, 'acc-a', {
        e1: { subject: 'Conseil de classe', body: 'parents' },
        e2: { subject: 'Conseil pédagogique', body: 'professeurs' },
        e3: { subject: 'Sortie scolaire', body: 'parents et professeurs' },
      });
      const conseil = has('conseil', 'subject', 'words');
      const parents = has('parents', 'body', 'words');
      assert.deepEqual(await found(database, 'acc-a', { and: [conseil, parents] }), ['e1']);
      assert.deepEqual(await found(database, 'acc-a', { or: [conseil, parents] }), ['e1', 'e2', 'e3']);
      assert.deepEqual(await found(database, 'acc-a', { not: conseil }), ['e3']);
      assert.deepEqual(await found(database, 'acc-a', { and: [parents, { not: conseil }] }), ['e3']);
      assert.deepEqual(await found(database, 'acc-a', { not: { or: [conseil, parents] } }), []);
      assert.deepEqual(await found(database, 'acc-a', { not: { not: conseil } }), ['e1', 'e2']);
      assert.deepEqual(
        await found(database, 'acc-a', { or: [{ and: [conseil, { not: parents }] }, has('sortie')] }),
        ['e2', 'e3'],
      );
      assert.deepEqual(await found(database, 'acc-a', { and: [] }), ['e1', 'e2', 'e3']);
      assert.deepEqual(await found(database, 'acc-a', { or: [] }), []);
      assert.deepEqual(await found(database, 'acc-a', { not: { and: [] } }), []);
      assert.deepEqual(await found(database, 'acc-a', { and: [conseil, { or: [] }] }), []);
      assert.deepEqual(await found(database, 'acc-a', { or: [conseil, { and: [] }] }), ['e1', 'e2', 'e3']);
    },
  },
  {
    name: 'the limit option returns at most that many of the matching ids',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a');
      await indexAll(
        database,
        'acc-a',
        Object.fromEntries(Array.from({ length: 10 }, (_, i) => [`e${i}`, { subject: `Réunion ${i}` }])),
      );
      const limited = await database.search.search('acc-a', has('reunion'), { limit: 3 });
      assert.equal(limited.length, 3);
      assert.equal(new Set(limited).size, 3);
      assert.ok(limited.every((id) => /^e\d$/.test(id)));
      assert.equal((await database.search.search('acc-a', has('reunion'), { limit: 50 })).length, 10);
      await assert.rejects(database.search.search('acc-a', has('x'), { limit: 0 }), {
        code: 'ERR_ASSERTION',
      });
    },
  },
  {
    name: 'deleting an account deletes its indexed documents with it',
    async run({ open }) {
      const database = await open();
      await addAccounts(database, 'acc-a', 'acc-b');
      await indexAll(database, 'acc-a', { e1: { subject: 'Partira' } });
      await indexAll(database, 'acc-b', { e1: { subject: 'Restera' } });
      await database.write(async ({ db }) => {
        await db.deleteFrom('accounts').where('id', '=', 'acc-a').execute();
      });
      await addAccounts(database, 'acc-a');
      assert.deepEqual(await found(database, 'acc-a', { and: [] }), []);
      assert.deepEqual(await found(database, 'acc-b', has('restera')), ['e1']);
      await indexAll(database, 'acc-a', { e2: { subject: 'Nouveau départ' } });
      assert.deepEqual(await found(database, 'acc-a', { and: [] }), ['e2']);
    },
  },
];
