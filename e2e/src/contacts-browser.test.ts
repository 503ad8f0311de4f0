// The webmail's contacts screen (issue 8 §6) as a teacher uses it in headless Chromium against a real
// `vercors serve`: search the académie directory for a colleague, open her card and keep her in one's contacts;
// create a contact and edit it; make a group and add a member; import a .vcf with the file picker and by
// dropping it (two good cards, one refused, said in words) and export the book as a .vcf file whose cards kept
// what the screen does not show; and no serious or critical axe-core violation on either screen.

import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './accessibility.ts';
import { DOMAIN, PASSWORD, browserAcademy } from './browser-academy.ts';
import { vercorsCli } from './smtp-server-setup.ts';
import { signInToWebmail } from './webmail-session.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 120_000;

/** Two good cards (one with properties the screen does not show) and a vCard 2.1 the import refuses. */
const CLASS_FILE = [
  'BEGIN:VCARD',
  'VERSION:3.0',
  'UID:parent-1',
  'FN:Louise Michel',
  'N:Michel;Louise;;;',
  'EMAIL;TYPE=HOME:louise.michel@example.org',
  'CATEGORIES:Parents 6e B',
  'X-VERCORS-TEST:kept',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:4.0',
  'UID:parent-2',
  'FN:Victor Hugo',
  'N:Hugo;Victor;;;',
  'TEL;TYPE=cell:06 11 22 33 44',
  'END:VCARD',
  'BEGIN:VCARD',
  'VERSION:2.1',
  'FN:Ancien Format',
  'END:VCARD',
  '',
].join('\r\n');

const academy = await browserAcademy({
  folder: 'contacts',
  users: { [CLAIRE]: 'Claire Martin' },
  isLoopbackTrusted: true,
  // The académie directory: one lycée, Claire and a colleague, as the HR import loads them.
  beforeServe: async ({ root, dataDir }) => {
    const establishments = join(root, 'etablissements.csv');
    await writeFile(
      establishments,
      'uai;nom;type;commune;departement;telephone\n0380027Y;Lycée Champollion;lycee;Grenoble;38;04 76 00 00 00\n',
    );
    await vercorsCli(dataDir, ['directory', 'establishment', 'import', '--csv', establishments]);
    const people = join(root, 'personnels.csv');
    await writeFile(
      people,
      [
        'matricule;nom;prenom;courriel;fonction;categorie;disciplines;etablissements;telephone',
        `E001;Martin;Claire;${CLAIRE};Professeure des écoles;secondaryTeacher;Lettres;0380027Y;04 76 00 00 02`,
        `E002;Lefèvre;Hélène;helene.lefevre@${DOMAIN};Professeure certifiée;secondaryTeacher;Mathématiques;0380027Y;04 76 00 00 01`,
        '',
      ].join('\n'),
    );
    await vercorsCli(dataDir, ['directory', 'import', '--csv', people]);
  },
});

/** Signed in as Claire (downloads accepted, the clipboard allowed), on the contacts screen. */
async function signedIn(t: TestContext): Promise<Page> {
  const { context, page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD, {
    context: { acceptDownloads: true },
    isOutsideBlocked: false,
  });
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: academy.base });
  await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('link', { name: 'Contacts' }).click();
  return page;
}

async function axeFailures(page: Page, name: string): Promise<string[]> {
  return (await seriousViolations(page)).map(
    (violation) =>
      `${name}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.targets.join(' | ')}`,
  );
}

test('the directory finds a colleague, opens her card and keeps her in the contacts', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const page = await signedIn(t);
  await page.getByRole('link', { name: 'Annuaire de l’académie' }).click();
  await page.getByLabel('Rechercher une personne').fill('hél mat');
  await page.getByText('1 personne trouvée').waitFor();
  await page.getByRole('button', { name: /Hélène Lefèvre/ }).click();
  const card = page.locator('.person-card');
  await card.getByRole('heading', { name: 'Hélène Lefèvre', level: 2 }).waitFor();
  const text = await card.innerText();
  for (const expected of ['Professeure certifiée', 'Lycée Champollion (Grenoble)', 'Mathématiques'])
    assert.ok(text.includes(expected), expected);
  assert.equal(
    await card.getByRole('link', { name: '04 76 00 00 01' }).getAttribute('href'),
    'tel:0476000001',
  );
  const failures = await axeFailures(page, 'directory');
  await card.getByRole('button', { name: 'Ajouter à mes contacts' }).click();
  await card.getByText('Ajouté à vos contacts.').waitFor();
  // "Écrire" hands her to the composer, in the mail screen.
  await card.getByRole('button', { name: 'Écrire' }).click();
  await page.waitForURL(/#\/mail$/);
  await page.goBack();
  await page.waitForURL(/#\/contacts\/directory$/);
  await page.getByRole('link', { name: 'Mes contacts' }).click();
  await page
    .getByRole('listitem')
    .getByRole('button', { name: /Hélène Lefèvre/ })
    .waitFor();
  assert.deepEqual(failures, []);
});

test('contacts are created, edited, grouped, imported and exported', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const page = await signedIn(t);
  const failures: string[] = [];
  await page.getByRole('link', { name: 'Mes contacts' }).click();
  await page.getByRole('heading', { name: 'Contacts', level: 2 }).waitFor();
  failures.push(...(await axeFailures(page, 'contacts list')));

  // Create.
  await page.getByRole('button', { name: 'Nouveau contact' }).click();
  const editor = page.locator('.contact-editor');
  await editor.getByLabel('Prénom').fill('Jules');
  await editor.getByLabel('Nom', { exact: true }).fill('Ferry');
  await editor.getByLabel('Adresse 1', { exact: true }).fill('jules.ferry@example.org');
  await editor.getByLabel('Numéro 1', { exact: true }).fill('04 76 11 22 33');
  await editor.getByLabel('Organisation ou établissement').fill('Ministère');
  failures.push(...(await axeFailures(page, 'contact form')));
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  const detail = page.locator('.contact-card');
  await detail.getByRole('heading', { name: 'Jules Ferry', level: 2 }).waitFor();
  assert.match(await detail.innerText(), /jules\.ferry@example\.org/);
  failures.push(...(await axeFailures(page, 'contact card')));

  // Edit: only the function changes.
  await detail.getByRole('button', { name: 'Modifier' }).click();
  await editor.getByLabel('Fonction').fill('Ministre de l’Instruction publique');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await detail.getByText('Ministre de l’Instruction publique').waitFor();
  assert.match(await detail.innerText(), /Ministère/);

  // A group, with Jules in it.
  await page.getByRole('button', { name: 'Nouveau groupe' }).click();
  await editor.getByLabel('Nom du groupe').fill('Conseil pédagogique');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await detail.getByRole('heading', { name: 'Conseil pédagogique', level: 2 }).waitFor();
  await detail.getByRole('button', { name: 'Ajouter Jules Ferry au groupe' }).click();
  await detail.getByText('1 membre', { exact: true }).waitFor();
  await detail.getByRole('button', { name: 'Retirer Jules Ferry du groupe' }).waitFor();
  await page
    .getByRole('navigation', { name: 'Groupes de « Contacts »' })
    .getByRole('button', { name: 'Conseil pédagogique' })
    .waitFor();
  await detail.getByRole('button', { name: 'Copier les adresses' }).click();
  await detail.getByText('1 adresse copiée : collez-la dans un message.').waitFor();
  failures.push(...(await axeFailures(page, 'group')));

  // Import with the file picker: two created, one refused with its line and why.
  await page.getByLabel('Importer un fichier vCard (.vcf)…').setInputFiles({
    name: 'classe.vcf',
    mimeType: 'text/vcard',
    buffer: Buffer.from(CLASS_FILE),
  });
  const report = page.locator('.import-report');
  await report
    .getByText(
      'Import de « classe.vcf » dans « Contacts » : 2 contacts créés, 0 mis à jour, 0 inchangé, 1 refusé.',
    )
    .waitFor();
  assert.match(await report.innerText(), /Ligne 17 : version de vCard trop ancienne/);
  failures.push(...(await axeFailures(page, 'import report')));
  await page
    .getByRole('listitem')
    .getByRole('button', { name: /Victor Hugo/ })
    .waitFor();
  // The same file dropped on the zone (a DataTransfer made in the page; this package has no DOM types): nothing
  // new, the same refusal.
  const dropped = await page.evaluateHandle((text) => {
    const { DataTransfer } = globalThis as unknown as {
      DataTransfer: new () => { items: { add(file: File): void } };
    };
    const transfer = new DataTransfer();
    transfer.items.add(new File([text], 'classe.vcf', { type: 'text/vcard' }));
    return transfer;
  }, CLASS_FILE);
  await page.locator('.drop-zone').dispatchEvent('drop', { dataTransfer: dropped });
  await report
    .getByText(
      'Import de « classe.vcf » dans « Contacts » : 0 contact créé, 0 mis à jour, 2 inchangés, 1 refusé.',
    )
    .waitFor();

  // Edit an imported card: what the form does not show (categories, X- properties) stays on it.
  await page.getByLabel('Rechercher dans « Contacts »').fill('louise');
  await page.getByText('1 contact trouvé').waitFor();
  await page
    .getByRole('listitem')
    .getByRole('button', { name: /Louise Michel/ })
    .click();
  await detail.getByRole('button', { name: 'Modifier' }).click();
  await editor.getByLabel('Note').fill('Déléguée des parents');
  await editor.getByRole('button', { name: 'Enregistrer' }).click();
  await detail.getByText('Déléguée des parents').waitFor();

  // Export: the whole book as Contacts.vcf.
  const downloading = page.waitForEvent('download');
  await page.getByRole('button', { name: 'Exporter « Contacts » (.vcf)' }).click();
  const download = await downloading;
  assert.equal(download.suggestedFilename(), 'Contacts.vcf');
  const file = await readFile(await download.path());
  const text = file.toString('utf8');
  assert.equal(text.match(/^BEGIN:VCARD\r?$/gm)?.length, 5, text);
  for (const expected of [
    /^FN:Jules Ferry\r?$/m,
    /^TITLE:Ministre de l’Instruction publique\r?$/m,
    /^FN:Victor Hugo\r?$/m,
    /^X-VERCORS-TEST:kept\r?$/m,
    /^CATEGORIES:Parents 6e B\r?$/m,
    /^NOTE:Déléguée des parents\r?$/m,
    /Conseil pédagogique/,
  ])
    assert.match(text, expected);
  await page.getByText('Téléchargement de « Contacts.vcf ».').waitFor();
  assert.deepEqual(failures, []);
});

test('on a phone the list and a card show one at a time, with a way back', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const page = await signedIn(t);
  await page.setViewportSize({ width: 390, height: 800 });
  await page.getByRole('link', { name: 'Mes contacts' }).click();
  const row = page.getByRole('listitem').getByRole('button', { name: /Jules Ferry/ });
  await row.click();
  await page.locator('.contact-card').getByRole('heading', { name: 'Jules Ferry' }).waitFor();
  assert.equal(await row.isVisible(), false, 'the list gives way to the card');
  await page.getByRole('button', { name: '← Retour à la liste' }).click();
  await row.waitFor({ state: 'visible' });
  const width = (await page.evaluate('document.documentElement.scrollWidth')) as number;
  assert.ok(width <= 390, `no sideways scrolling (${width}px)`);
});
