// The mail settings of the web app (web/src/settings/mail) as a teacher uses them against a real `vercors
// serve`: a signature for outside recipients (its HTML previewed sanitised, nothing run or loaded), the
// identity's name, a reply template made, moved and deleted, the undo delay and a sender whose images show,
// then the language switched to English and the time zone to La Réunion. Each change is read back through
// JMAP from the test itself, and axe-core checks every screen. The scenarios run in order on one server.

import assert from 'node:assert/strict';
import { test, type TestContext } from 'node:test';
import type { Page } from 'playwright-core';
import { seriousViolations } from './accessibility.ts';
import { PASSWORD, browserAcademy } from './browser-academy.ts';
import { jmapCall, signInToWebmail } from './webmail-session.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 60_000;
/** The first opening of the settings (lazy chunks) on a busy shared machine: more than one action's bound. */
const SETTINGS_LOAD_TIMEOUT_MS = 20_000;

const academy = await browserAcademy({
  folder: 'mail-settings',
  users: { [CLAIRE]: 'Claire Martin' },
  // The staff room's network: no second factor asked here (the login tests cover the factors).
  isLoopbackTrusted: true,
});

/** The objects of a type as the server keeps them, read with the page's session. */
async function list<T>(page: Page, type: string): Promise<T[]> {
  return (await jmapCall(page.request, academy.base, `${type}/get`, { ids: null })).list as T[];
}

/** Signed in as Claire on the settings section, every request outside the server recorded and aborted. */
async function openSettings(t: TestContext, section: string): Promise<{ page: Page; outside: string[] }> {
  const { page, outside } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  // Through the shell's links, as a person goes there.
  await page.getByRole('navigation', { name: 'Rubriques' }).getByRole('link', { name: 'Paramètres' }).click();
  const sections = page.getByRole('navigation', { name: 'Paramètres' });
  // The settings code loads when first opened (a separate chunk), while the service worker fills its cache.
  await sections.waitFor({ timeout: SETTINGS_LOAD_TIMEOUT_MS });
  await sections.getByRole('link', { name: section, exact: true }).click();
  await page.getByRole('heading', { name: section, level: 2 }).waitFor();
  return { page, outside };
}

async function assertAccessible(page: Page, screen: string): Promise<void> {
  assert.deepEqual(await seriousViolations(page), [], `axe on ${screen}`);
}

test('identities: a signature for outside recipients is stored, its HTML previewed and never run', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page, outside } = await openSettings(t, 'Identités et signatures');
  const card = page.getByRole('article', { name: CLAIRE });
  await card.getByText('Aucune signature pour cette adresse', { exact: false }).waitFor();
  await assertAccessible(page, 'identities');

  // The identity's name, and an address that is not one: said next to the field, what was typed kept.
  await card.getByLabel('Nom affiché').fill('Claire Martin (CPE)');
  await card.getByLabel('Adresses de réponse').fill('secretariat');
  await card.getByRole('button', { name: 'Enregistrer l’identité' }).click();
  await card.getByText('« secretariat » n’est pas une adresse électronique valable.').waitFor();
  assert.equal(await card.getByLabel('Nom affiché').inputValue(), 'Claire Martin (CPE)');
  await card.getByLabel('Adresses de réponse').fill('Secrétariat <secretariat@ac-test.fr>');
  await card.getByRole('button', { name: 'Enregistrer l’identité' }).click();
  await card.getByRole('status').getByText('Enregistré.').first().waitFor();
  const [identity] = await list<{ id: string; name: string; replyTo: unknown }>(page, 'Identity');
  assert.equal(identity?.name, 'Claire Martin (CPE)');
  assert.deepEqual(identity?.replyTo, [{ name: 'Secrétariat', email: 'secretariat@ac-test.fr' }]);

  await card.getByRole('button', { name: 'Ajouter une signature' }).click();
  const editor = card.getByRole('form', { name: `Nouvelle signature pour ${CLAIRE}` });
  await editor.getByLabel('Nom de la signature').fill('Extérieur');
  await editor.getByLabel('Signature (texte)').fill('Claire Martin\nConseillère principale d’éducation');
  const html =
    '<p><b>Claire Martin</b></p><img src="https://tracker.example/pixel.png" alt=""><script>window.__xss = 1</script>';
  await editor.getByLabel('Signature mise en forme (HTML, facultatif)').fill(html);
  const preview = page.frameLocator('iframe[title="Aperçu de la signature mise en forme"]');
  await preview.locator('b', { hasText: 'Claire Martin' }).waitFor();
  assert.equal(await preview.locator('script').count(), 0);
  await editor.getByText('1 image distante n’est pas affichée dans l’aperçu.').waitFor();
  await editor.getByLabel('Messages à mes collègues', { exact: false }).uncheck();
  await editor.getByRole('button', { name: 'Enregistrer la signature' }).click();
  await card.getByText('Signature « Extérieur » ajoutée.').waitFor();
  await card.getByText('Extérieur : par défaut').waitFor();
  assert.equal(await card.getByText('Collègues : par défaut').count(), 0);
  assert.equal(await page.evaluate('window.__xss'), undefined);
  assert.deepEqual(outside, []);

  const signatures = await list<Record<string, unknown>>(page, 'Signature');
  assert.equal(signatures.length, 1);
  assert.deepEqual(
    {
      identityId: signatures[0]?.identityId,
      name: signatures[0]?.name,
      textSignature: signatures[0]?.textSignature,
      htmlSignature: signatures[0]?.htmlSignature,
      useForInternal: signatures[0]?.useForInternal,
      useForExternal: signatures[0]?.useForExternal,
    },
    {
      identityId: identity?.id,
      name: 'Extérieur',
      textSignature: 'Claire Martin\nConseillère principale d’éducation',
      // Stored as given: clients sanitise it before showing or sending it.
      htmlSignature: html,
      useForInternal: false,
      useForExternal: true,
    },
  );
  await assertAccessible(page, 'identities with a signature');
});

test('templates: create two, move one up, delete it after confirming', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await openSettings(t, 'Modèles de réponse');
  await page.getByText('Aucun modèle pour l’instant.').waitFor();
  await assertAccessible(page, 'templates (empty)');

  const create = async (name: string, subject: string, text: string) => {
    await page.getByRole('button', { name: 'Ajouter un modèle' }).click();
    const editor = page.getByRole('form', { name: 'Nouveau modèle' });
    await editor.getByLabel('Nom du modèle').fill(name);
    await editor.getByLabel('Objet (facultatif)').fill(subject);
    await editor.getByLabel('Texte', { exact: true }).fill(text);
    await editor.getByRole('button', { name: 'Enregistrer le modèle' }).click();
    await page.getByText(`Modèle « ${name} » ajouté.`).waitFor();
  };
  await create('Absence', '', 'Bonjour,\nJe note l’absence de votre enfant. Bien cordialement.');
  await create(
    'Sortie scolaire',
    'Autorisation de sortie',
    'Bonjour,\nMerci de signer l’autorisation jointe.',
  );
  await assertAccessible(page, 'templates');

  type Template = { id: string; name: string; subject: string | null; textBody: string; sortOrder: number };
  const byOrder = async () =>
    (await list<Template>(page, 'ReplyTemplate'))
      .sort((a, b) => a.sortOrder - b.sortOrder)
      .map((item) => item.name);
  const stored = await list<Template>(page, 'ReplyTemplate');
  const absence = stored.find((item) => item.name === 'Absence');
  assert.equal(absence?.subject, null, 'an empty subject keeps the reply’s own');
  assert.equal(absence?.textBody, 'Bonjour,\nJe note l’absence de votre enfant. Bien cordialement.');
  assert.equal(stored.find((item) => item.name === 'Sortie scolaire')?.subject, 'Autorisation de sortie');
  assert.deepEqual(await byOrder(), ['Absence', 'Sortie scolaire']);

  await page.getByRole('button', { name: 'Monter « Sortie scolaire »' }).click();
  await page.getByText('Modèle « Sortie scolaire » déplacé.').waitFor();
  assert.deepEqual(await byOrder(), ['Sortie scolaire', 'Absence']);
  const items = page.getByRole('list', { name: 'Modèles de réponse' }).getByRole('listitem');
  assert.match((await items.first().textContent()) ?? '', /Sortie scolaire/);

  await page.getByRole('button', { name: 'Supprimer « Sortie scolaire »' }).click();
  // Nothing goes before the confirmation.
  await page.getByText('Supprimer le modèle « Sortie scolaire » ?').waitFor();
  assert.equal((await list<Template>(page, 'ReplyTemplate')).length, 2);
  await page.getByRole('button', { name: 'Oui, supprimer' }).click();
  await page.getByText('Modèle « Sortie scolaire » supprimé.').waitFor();
  assert.deepEqual(await byOrder(), ['Absence']);
});

test('reading: undo after 20 s and a sender whose images show are kept by Preferences', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await openSettings(t, 'Lecture et rédaction');
  await page.getByText('Aucun : les images distantes sont toujours bloquées', { exact: false }).waitFor();
  await assertAccessible(page, 'reading');

  await page.getByLabel('Délai pour annuler un envoi').selectOption({ label: '20 secondes' });
  await page.getByLabel('Toujours envoyer l’accusé').check();
  // The server out of reach: said in words, the form as it was typed, saved once it answers again.
  await page.route('**/jmap/api', (route) => route.abort(), { times: 1 });
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByText('Non enregistré : le serveur ne répond pas', { exact: false }).waitFor();
  assert.equal(await page.getByLabel('Délai pour annuler un envoi').inputValue(), '20');
  assert.ok(await page.getByLabel('Toujours envoyer l’accusé').isChecked());
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();
  await page.getByRole('status').getByText('Enregistré.').waitFor();

  const entry = page.getByLabel('Adresse ou domaine à ajouter');
  await entry.fill('marie');
  await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await page.getByText('Ce n’est ni une adresse', { exact: false }).waitFor();
  assert.equal(await entry.inputValue(), 'marie', 'what was typed is kept');
  await entry.fill(' @Lettres.Example.fr ');
  await page.getByRole('button', { name: 'Ajouter', exact: true }).click();
  await page.getByText('@lettres.example.fr ajouté.').waitFor();
  assert.equal(await entry.inputValue(), '');
  await page.getByRole('button', { name: 'Retirer @lettres.example.fr' }).waitFor();

  const [preferences] = await list<Record<string, unknown>>(page, 'Preferences');
  assert.equal(preferences?.undoSendSeconds, 20);
  assert.equal(preferences?.readReceipts, 'always');
  assert.deepEqual(preferences?.remoteImagesFrom, ['@lettres.example.fr']);
  await assertAccessible(page, 'reading with a sender');
});

test('general: English and La Réunion, and the interface speaks English at once', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await openSettings(t, 'Langue et fuseau horaire');
  await assertAccessible(page, 'general');
  const zones = page.getByLabel('Fuseau', { exact: true });
  // Paris first, the overseas zones in words near the top.
  const first = await zones
    .locator('option')
    .evaluateAll((options) => options.slice(0, 9).map((option) => option.textContent));
  assert.equal(first[0], 'France métropolitaine (Europe/Paris)');
  assert.ok(first.includes('Nouvelle-Calédonie (Pacific/Noumea)'), String(first));
  await page.getByLabel('Chercher un fuseau (ville, territoire)').fill('reunion');
  await zones.selectOption({ label: 'La Réunion (Indian/Reunion)' });
  await page.getByText(/^Dans ce fuseau, il est : /).waitFor();
  await page.getByLabel('English').check();
  await page.getByRole('button', { name: 'Enregistrer', exact: true }).click();

  // The shell reads the preferences again and switches language without a reload.
  await page.getByRole('heading', { name: 'Language and time zone', level: 2 }).waitFor();
  await page.getByRole('navigation', { name: 'Settings' }).waitFor();
  assert.equal(await page.evaluate('document.documentElement.lang'), 'en');
  const [preferences] = await list<Record<string, unknown>>(page, 'Preferences');
  assert.equal(preferences?.locale, 'en');
  assert.equal(preferences?.timeZone, 'Indian/Reunion');
  await assertAccessible(page, 'general in English');
});
