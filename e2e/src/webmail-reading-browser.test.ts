// The web app's reading and tidying as a teacher uses them, in headless Chromium against a real `vercors
// serve`: a conversation shown whole with its messages folded and unfolded, attachments previewed (and a
// mislabelled one refused), remote images allowed for a sender once and for all, a read receipt answered,
// a message forwarded as an attachment, conversations dragged onto a folder and the move undone, and the
// sheet of keyboard shortcuts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { seriousViolations } from './accessibility.ts';
import { ACTION_TIMEOUT_MS } from './browser.ts';
import { PASSWORD, browserAcademy } from './browser-academy.ts';
import { within } from './vercors-server.ts';
import { jmapCall, mboxMessage, signInToWebmail } from './webmail-session.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const PAUL = 'paul.durand@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 60_000;
/** A 1×1 PNG. */
const PNG =
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const base64 = (text: string) => Buffer.from(text).toString('base64');

const MESSAGES = [
  mboxMessage({
    subject: 'Sortie au Vercors',
    date: 'Mon, 23 Nov 2026 08:00:00 +0100',
    messageId: 'sortie-1@ac-test.fr',
    text: 'Premier message : le car part à 8 h.',
  }),
  mboxMessage({
    subject: 'Re: Sortie au Vercors',
    date: 'Mon, 23 Nov 2026 09:00:00 +0100',
    messageId: 'sortie-2@ac-test.fr',
    extra: ['In-Reply-To: <sortie-1@ac-test.fr>', 'References: <sortie-1@ac-test.fr>'],
    text: 'Second message : prévoir un pique-nique.',
  }),
  mboxMessage({
    subject: 'Photos et documents',
    date: 'Tue, 24 Nov 2026 08:00:00 +0100',
    text: 'Voici les pièces.',
    files: [
      { name: 'photo.png', type: 'image/png', base64: PNG },
      { name: 'notes.txt', type: 'text/plain', base64: base64('Liste des élèves : Léa, Noé.') },
      { name: 'piege.png', type: 'image/png', base64: base64('<html><script>window.__xss=1</script>') },
    ],
  }),
  mboxMessage({
    subject: 'Lettre n°1',
    date: 'Tue, 24 Nov 2026 09:00:00 +0100',
    from: 'Éditions Exemple <lettre@editeur.example>',
    html: '<p>Numéro un</p><img src="https://images.example/un.png" alt="un">',
  }),
  mboxMessage({
    subject: 'Lettre n°2',
    date: 'Tue, 24 Nov 2026 10:00:00 +0100',
    from: 'Éditions Exemple <autre@editeur.example>',
    html: '<p>Numéro deux</p><img src="https://images.example/deux.png" alt="deux">',
  }),
  mboxMessage({
    subject: 'Réunion parents-professeurs',
    date: 'Wed, 25 Nov 2026 08:00:00 +0100',
    extra: [`Disposition-Notification-To: Paul Durand <${PAUL}>`],
    text: 'Merci de confirmer votre lecture.',
  }),
  mboxMessage({
    subject: 'Emploi du temps modifié',
    date: 'Wed, 25 Nov 2026 09:00:00 +0100',
    text: 'Le cours de 10 h est déplacé.',
  }),
  mboxMessage({
    subject: 'Cantine de décembre',
    date: 'Wed, 25 Nov 2026 10:00:00 +0100',
    text: 'Les menus de décembre sont arrivés.',
  }),
];

const academy = await browserAcademy({
  folder: 'webmail-reading',
  users: { [CLAIRE]: 'Claire Martin', [PAUL]: 'Paul Durand' },
  // The staff room's network: no second factor asked here.
  isLoopbackTrusted: true,
  inboxes: { [CLAIRE]: MESSAGES },
});

async function until(condition: () => boolean | Promise<boolean>, what: string): Promise<void> {
  await within(
    (async () => {
      while (!(await condition())) await new Promise((resolve) => setTimeout(resolve, 50));
    })(),
    ACTION_TIMEOUT_MS,
    what,
  );
}

test('a conversation shows its messages oldest first; each folds and unfolds', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Sortie au Vercors/ }).click();
  await page.getByText('2 messages dans cette conversation').waitFor();
  // Both unread: both unfolded, the first one first.
  const frames = page.locator('iframe.message-frame');
  await frames.nth(0).contentFrame().getByText('Premier message').waitFor();
  await frames.nth(1).contentFrame().getByText('Second message').waitFor();
  const first = page.getByRole('article', { name: /Message de Paul Durand/ }).first();
  await first.getByRole('button', { name: 'Replier' }).click();
  const folded = page.getByRole('button', { name: /Paul Durand.*Premier message/ });
  await folded.waitFor();
  assert.equal(await frames.count(), 1);
  await folded.click();
  await frames.nth(0).contentFrame().getByText('Premier message').waitFor();
  // A reply written elsewhere (another device) joins the open conversation through push.
  const mailboxes = (await jmapCall(page.request, academy.base, 'Mailbox/get', { ids: null })) as {
    list: { id: string; role: string | null }[];
  };
  const inbox = mailboxes.list.find((mailbox) => mailbox.role === 'inbox')?.id ?? '';
  await jmapCall(page.request, academy.base, 'Email/set', {
    create: {
      late: {
        mailboxIds: { [inbox]: true },
        from: [{ name: 'Paul Durand', email: 'paul.durand@ac-test.fr' }],
        subject: 'Re: Sortie au Vercors',
        inReplyTo: ['sortie-2@ac-test.fr'],
        references: ['sortie-1@ac-test.fr', 'sortie-2@ac-test.fr'],
        bodyValues: { t: { value: 'Troisième message : retour à 17 h.' } },
        textBody: [{ partId: 't', type: 'text/plain' }],
      },
    },
  });
  await page.getByText('3 messages dans cette conversation').waitFor();
  await frames.nth(2).contentFrame().getByText('Troisième message').waitFor();
  // With the conversation view off, only the message opened shows.
  await jmapCall(page.request, academy.base, 'Preferences/set', {
    update: { singleton: { conversationView: false } },
  });
  await page.reload();
  await page.getByRole('option', { name: /Sortie au Vercors/ }).click();
  // The row's message: the newest of the conversation, the reply that came.
  await frames.contentFrame().getByText('Troisième message').waitFor();
  assert.equal(await frames.count(), 1);
  assert.equal(await page.getByText(/dans cette conversation/).count(), 0);
  await jmapCall(page.request, academy.base, 'Preferences/set', {
    update: { singleton: { conversationView: true } },
  });
});

test('attachments preview as images and text; one whose bytes lie is refused', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Photos et documents/ }).click();
  await page.getByRole('button', { name: 'Aperçu de photo.png' }).click();
  const dialog = page.getByRole('dialog', { name: 'photo.png' });
  const image = dialog.getByRole('img', { name: 'photo.png' });
  await image.waitFor();
  assert.match((await image.getAttribute('src')) ?? '', /^blob:/);
  assert.equal(
    await image.evaluate((element) => (element as unknown as { naturalWidth: number }).naturalWidth),
    1,
  );
  assert.deepEqual(await seriousViolations(page), []);
  await page.keyboard.press('Escape');
  await dialog.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Aperçu de notes.txt' }).click();
  await page.getByRole('dialog', { name: 'notes.txt' }).getByText('Liste des élèves : Léa, Noé.').waitFor();
  await page.getByRole('button', { name: 'Fermer l’aperçu' }).click();
  await page.getByRole('button', { name: 'Aperçu de piege.png' }).click();
  await page
    .getByRole('dialog', { name: 'piege.png' })
    .getByText(/ne peut pas être affichée ici/)
    .waitFor();
  assert.equal(await page.evaluate('window.__xss'), undefined);
});

test('remote images allowed for a domain show at once in its next message', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page, outside } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Lettre n°1/ }).click();
  await page.locator('iframe.message-frame').contentFrame().getByText('Numéro un').waitFor();
  assert.equal(outside.length, 0, 'nothing remote before the person asks');
  await page.getByRole('button', { name: 'Toujours pour @editeur.example' }).click();
  await until(() => outside.includes('https://images.example/un.png'), 'the first image requested');
  const preferences = await jmapCall(page.request, academy.base, 'Preferences/get', { ids: ['singleton'] });
  assert.deepEqual((preferences.list as { remoteImagesFrom: string[] }[])[0]?.remoteImagesFrom, [
    '@editeur.example',
  ]);
  // Another sender of that domain: no question asked.
  await page.getByRole('option', { name: /Lettre n°2/ }).click();
  await page.locator('iframe.message-frame').contentFrame().getByText('Numéro deux').waitFor();
  await until(() => outside.includes('https://images.example/deux.png'), 'the second image requested');
  assert.equal(await page.getByText(/images distantes de ce message sont bloquées/).count(), 0);
});

test('a read receipt asked for is sent on request, once, and reaches the sender', {
  timeout: 90_000,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Réunion parents-professeurs/ }).click();
  await page.getByText(/Paul Durand <paul\.durand@ac-test\.fr> demande un accusé de lecture/).waitFor();
  await page.getByRole('button', { name: 'Envoyer l’accusé de lecture' }).click();
  await page.getByText('Accusé de lecture envoyé.').waitFor();
  // Opened again: answered already, nothing asked.
  await page.getByRole('option', { name: /Emploi du temps/ }).click();
  await page.getByRole('option', { name: /Réunion parents-professeurs/ }).click();
  await page.locator('iframe.message-frame').contentFrame().getByText('Merci de confirmer').waitFor();
  assert.equal(await page.getByText(/demande un accusé de lecture/).count(), 0);
  const paul = await signInToWebmail(t, academy, PAUL, PASSWORD);
  await paul.page
    .getByRole('option', { name: /Accusé de lecture : Réunion parents-professeurs/ })
    .waitFor({ timeout: 20_000 });
});

test('forward as attachment sends the whole message as an .eml', { timeout: 90_000 }, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Cantine de décembre/ }).click();
  await page.getByRole('button', { name: 'Transférer en pièce jointe' }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  assert.equal(await composer.getByLabel('Objet').inputValue(), 'Fwd: Cantine de décembre');
  await composer.getByRole('button', { name: 'Retirer Cantine de décembre.eml' }).waitFor();
  const to = composer.getByRole('combobox', { name: 'À' });
  await to.fill(PAUL);
  await to.press('Enter');
  await composer.getByRole('button', { name: 'Envoyer' }).click();
  await page.getByText('Message envoyé.').waitFor();
  const paul = await signInToWebmail(t, academy, PAUL, PASSWORD);
  const received = paul.page.getByRole('option', { name: /Fwd: Cantine de décembre/ });
  await received.waitFor({ timeout: 30_000 });
  await received.click();
  await paul.page.getByRole('link', { name: 'Cantine de décembre.eml' }).waitFor();
});

test('conversations dragged onto a folder move there, and "Annuler" brings them back', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  const list = page.getByRole('listbox', { name: /^Messages de Boîte de réception/ });
  const row = list.getByRole('option', { name: /Emploi du temps/ });
  await row.dragTo(folders.getByRole('button', { name: /Archives/ }));
  await page.getByText('Conversation déplacée vers Archives.').waitFor();
  await row.waitFor({ state: 'detached' });
  await page.getByRole('button', { name: 'Annuler', exact: true }).click();
  await page.getByText('C’est annulé.').waitFor();
  await row.waitFor();
  // The archive shortcut offers the same.
  await row.click();
  await list.press('e');
  await page.getByText('Conversation archivée.').waitFor();
  await page.getByRole('button', { name: 'Annuler', exact: true }).click();
  await row.waitFor();
});

test('? shows the keyboard shortcuts; Escape closes them', { timeout: SCENARIO_TIMEOUT_MS }, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const list = page.getByRole('listbox', { name: /^Messages de Boîte de réception/ });
  await list.getByRole('option').first().click();
  await list.press('?');
  const sheet = page.getByRole('dialog', { name: 'Raccourcis clavier' });
  await sheet.getByText('Archiver').waitFor();
  // Keys named in the person's language.
  assert.deepEqual(await sheet.locator('kbd').allTextContents(), [
    'j',
    '↓',
    'k',
    '↑',
    'Entrée',
    'x',
    'e',
    '#',
    'Suppr',
    '!',
    's',
    'Maj+U',
    'Maj+I',
    '?',
  ]);
  assert.deepEqual(await seriousViolations(page), []);
  await page.keyboard.press('Escape');
  await sheet.waitFor({ state: 'detached' });
});
