// The web app (web/, ADR 0008) as a teacher opens it: headless Chromium signs in on the login page, lands on
// /mail/, sees the inbox with its unread count, opens messages, and the reading pane shows HTML mail without
// running any of it or loading anything remote until asked. Every request the page makes outside the server
// is recorded and aborted (tests reach loopback only), so "loads nothing remote" is checked, not assumed.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { XSS_CORPUS } from '@vercors/web/src/mail/xss-corpus.ts';
import { seriousViolations } from './accessibility.ts';
import { ACTION_TIMEOUT_MS, newBrowserContext } from './browser.ts';
import { DOMAIN, PASSWORD, browserAcademy } from './browser-academy.ts';
import {
  addTwoSignatures,
  attachPdf,
  mboxMessage,
  messageFrame,
  newMessage,
  signInToWebmail,
} from './webmail-session.ts';
import { within } from './vercors-server.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const PAUL = 'paul.durand@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 60_000;

const MESSAGES = [
  // A forged sender, as our MX marks one: the reader must warn.
  mboxMessage({
    subject: 'Votre boîte est pleine',
    date: 'Sun, 22 Nov 2026 07:00:00 +0100',
    text: 'Cliquez ici et donnez votre mot de passe pour garder vos messages.',
    trace: [
      `Authentication-Results: localhost; spf=fail smtp.mailfrom=support@${DOMAIN}; dkim=none; dmarc=fail (p=reject) header.from=${DOMAIN}`,
    ],
  }),
  mboxMessage({
    subject: 'Conseil de classe de 3e B',
    date: 'Mon, 23 Nov 2026 09:00:00 +0100',
    text: 'Bonjour Claire,\n\nLe conseil de classe aura lieu jeudi à 17 h en salle 12.\n\nPaul',
    attachment: 'ordre-du-jour.pdf',
  }),
  mboxMessage({
    subject: 'Lettre d’information du rectorat',
    date: 'Tue, 24 Nov 2026 10:00:00 +0100',
    html: '<p>Les <b>nouvelles</b> de l’académie.</p><img src="https://images.example/logo.png" alt="logo"><script>window.__xss = 1</script>',
  }),
  mboxMessage({
    subject: 'Corpus XSS',
    date: 'Wed, 25 Nov 2026 11:00:00 +0100',
    html: XSS_CORPUS.map((entry) => `<div>${entry.html}</div>`).join('\n'),
  }),
];

const academy = await browserAcademy({
  folder: 'webmail',
  users: { [CLAIRE]: 'Claire Martin', [PAUL]: 'Paul Durand' },
  // The staff room's network: no second factor asked here (the login tests cover the factors).
  isLoopbackTrusted: true,
  inboxes: { [CLAIRE]: MESSAGES },
});

test('signing in lands on the inbox: folders with unread counts, conversations newest first', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  const inbox = folders.getByRole('button', { name: /Boîte de réception/ });
  await inbox.getByText('4', { exact: true }).waitFor();
  assert.equal(await inbox.getAttribute('aria-current'), 'page');
  for (const name of ['Brouillons', 'Envoyés', 'Corbeille']) {
    assert.equal(await folders.getByRole('button', { name: new RegExp(name) }).count(), 1, name);
  }
  const list = page.getByRole('listbox', { name: 'Messages de Boîte de réception' });
  const rows = list.getByRole('option');
  // The fourth row with its subject: until the query answers, the list shows rows that are still loading.
  await list.locator('.row-subject').nth(3).waitFor();
  assert.deepEqual(
    await rows.evaluateAll((options) =>
      options.map((option) => option.querySelector('.row-subject')?.textContent),
    ),
    [
      'non lu, Corpus XSS',
      'non lu, Lettre d’information du rectorat',
      'non lu, Conseil de classe de 3e B',
      'non lu, Votre boîte est pleine',
    ],
  );
  assert.equal(await page.getByText('4 conversations').count(), 1);
  assert.equal(await page.evaluate('document.documentElement.lang'), 'fr');
});

test('opening a message shows it, marks it read, and lists its attachment', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Conseil de classe/ }).click();
  await page.getByRole('heading', { name: 'Conseil de classe de 3e B', level: 2 }).waitFor();
  assert.match(await page.locator('.reader-header').innerText(), /Paul Durand <paul\.durand@ac-test\.fr>/);
  const attachment = page.getByRole('link', { name: 'ordre-du-jour.pdf' });
  const href = (await attachment.getAttribute('href')) ?? '';
  assert.ok(href.startsWith(`${academy.base}/jmap/download/`), href);
  // With the page's cookie, as the browser downloads it.
  const download = await page.request.get(href);
  assert.equal(download.status(), 200);
  assert.match((await download.body()).toString('latin1'), /^%PDF-1\.4/);
  const frame = await messageFrame(page);
  await frame.getByText(/Le conseil de classe aura lieu jeudi/).waitFor();
  // Read: the inbox's unread count goes from 4 to 3 (push, or the next refresh).
  const inbox = page
    .getByRole('navigation', { name: 'Dossiers' })
    .getByRole('button', { name: /Boîte de réception/ });
  await inbox.getByText('3', { exact: true }).waitFor({ timeout: ACTION_TIMEOUT_MS });
});

test('HTML mail runs nothing and loads nothing remote until the person asks for the images', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page, outside } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Lettre d’information/ }).click();
  const frame = await messageFrame(page);
  await frame.getByText(/nouvelles/).waitFor();
  assert.equal(await frame.evaluate('window.__xss'), undefined);
  assert.equal(await page.evaluate('window.__xss'), undefined);
  assert.deepEqual([...outside], []);
  const notice = page.getByText(/images distantes de ce message sont bloquées/);
  assert.equal(await notice.count(), 1);
  await page.getByRole('button', { name: 'Afficher les images' }).click();
  await notice.waitFor({ state: 'detached' });
  await within(
    (async () => {
      while (!outside.includes('https://images.example/logo.png')) await page.waitForTimeout(50);
    })(),
    ACTION_TIMEOUT_MS,
    'the allowed image requested',
  );
  assert.equal(await (await messageFrame(page)).evaluate('window.__xss'), undefined);
});

test('the XSS corpus in the reading pane executes nothing and loads nothing remote', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page, outside } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const dialogs: string[] = [];
  page.on('dialog', (dialog) => {
    dialogs.push(dialog.message());
    void dialog.dismiss();
  });
  await page.getByRole('option', { name: /Corpus XSS/ }).click();
  const frame = await messageFrame(page);
  await frame.locator('body').waitFor();
  await page.waitForTimeout(500);
  assert.equal(await frame.evaluate('window.__xss'), undefined);
  assert.equal(await page.evaluate('window.__xss'), undefined);
  assert.equal(
    await frame
      .locator('script, iframe, object, embed, form, svg, math, base, meta[http-equiv=refresh]')
      .count(),
    0,
  );
  assert.deepEqual([...outside], []);
  assert.deepEqual(dialogs, []);
  // Clicking every link of the message opens nothing that runs (links go to a new tab, javascript: is gone).
  for (const link of await frame.locator('a').all()) {
    assert.ok(!/^\s*(javascript|vbscript|data):/i.test((await link.getAttribute('href')) ?? ''));
  }
});

test('the toolbar and the shortcuts flag, archive and bring back a conversation', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  const list = page.getByRole('listbox', { name: /^Messages de / });
  const row = list.getByRole('option', { name: /Conseil de classe/ });
  await row.click();
  // s flags the open conversation; the toolbar then offers to unflag it.
  await list.press('s');
  const toolbar = page.getByRole('toolbar', { name: 'Actions sur les messages' });
  await toolbar.getByRole('button', { name: 'Ne plus suivre' }).waitFor();
  // Archive from the toolbar: the conversation leaves the inbox and is in the archive.
  await toolbar.getByRole('button', { name: 'Archiver' }).click();
  await row.waitFor({ state: 'detached' });
  await folders.getByRole('button', { name: /Archives/ }).click();
  const archived = page
    .getByRole('listbox', { name: /^Messages de Archives/ })
    .getByRole('option', { name: /Conseil de classe/ });
  await archived.waitFor();
  assert.match((await archived.textContent()) ?? '', /suivi/);
  // Back to the inbox with the move menu.
  await archived.click();
  await toolbar
    .getByRole('combobox', { name: 'Déplacer vers…' })
    .selectOption({ label: 'Boîte de réception' });
  await archived.waitFor({ state: 'detached' });
  await folders.getByRole('button', { name: /Boîte de réception/ }).click();
  await page
    .getByRole('listbox', { name: /^Messages de Boîte de réception/ })
    .getByRole('option', { name: /Conseil de classe/ })
    .waitFor();
});

test('one search box finds mail in every folder, French-aware, with the words highlighted and filters', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const searchBox = page.getByRole('searchbox', { name: 'Rechercher dans tous les dossiers' });
  // Without its accent and in capitals, as people type.
  await searchBox.fill('ACADEMIE');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  const results = page.getByRole('listbox', { name: 'Résultats de la recherche' });
  const found = results.getByRole('option', { name: /Lettre d’information/ });
  await found.waitFor();
  assert.equal(await results.getByRole('option').count(), 1);
  assert.equal(await page.getByText('1 message trouvé').count(), 1);
  assert.deepEqual(await found.locator('mark').allTextContents(), ['académie']);
  // The same words from a sender who never wrote: nothing.
  await page.getByText('Filtres').click();
  await page.getByLabel('De', { exact: true }).fill('personne@nulle-part.fr');
  await searchBox.fill('conseil');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await page.getByText('Aucun message ne correspond à cette recherche.').waitFor();
  await page.getByRole('button', { name: 'Fermer la recherche' }).click();
  await page.getByRole('listbox', { name: /^Messages de Boîte de réception/ }).waitFor();
});

test('writing: a directory suggestion, an attachment, send, undo, send again; the recipient gets it', {
  timeout: 90_000,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  const to = composer.getByRole('combobox', { name: 'À' });
  await to.fill('paul dur');
  await composer.getByRole('option', { name: /Paul Durand/ }).waitFor();
  await to.press('Enter');
  await composer.getByText('Paul Durand', { exact: true }).waitFor();
  await composer.getByLabel('Objet').fill('Sortie au musée de Grenoble');
  const body = composer.getByRole('textbox', { name: 'Texte du message' });
  await body.click();
  await body.pressSequentially('Bonjour Paul, voici la liste des élèves.');
  await attachPdf(composer, 'liste-eleves.pdf', '%PDF-1.4\n% liste\n');
  await composer.getByRole('button', { name: 'Envoyer' }).click();
  // Held for the undo delay: take it back, it comes back as it was.
  await page.getByRole('button', { name: 'Annuler l’envoi' }).click();
  await page.getByText('Envoi annulé : le message est revenu en brouillon.').waitFor();
  const reopened = page.getByRole('region', { name: 'Rédaction d’un message' });
  assert.equal(await reopened.getByLabel('Objet').inputValue(), 'Sortie au musée de Grenoble');
  assert.equal(await reopened.getByText('liste-eleves.pdf').count(), 1);
  await reopened.getByRole('button', { name: 'Envoyer' }).click();
  await page.getByText('Message envoyé.').waitFor();
  await page.getByText('Message envoyé.').waitFor({ state: 'detached', timeout: 20_000 });
  // In Sent, not in Drafts.
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  await folders.getByRole('button', { name: /Envoyés/ }).click();
  await page
    .getByRole('listbox', { name: /^Messages de Envoyés/ })
    .getByRole('option', { name: /Sortie au musée/ })
    .waitFor();
  // Paul receives it, with its attachment and the text.
  const paul = await signInToWebmail(t, academy, PAUL, PASSWORD);
  const received = paul.page.getByRole('option', { name: /Sortie au musée de Grenoble/ });
  await received.waitFor({ timeout: 20_000 });
  await received.click();
  await paul.page.getByRole('link', { name: 'liste-eleves.pdf' }).waitFor();
  await (await messageFrame(paul.page)).getByText('Bonjour Paul, voici la liste des élèves.').waitFor();
});

test('replying quotes the message and answers its sender; a draft survives a reload', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Lettre d’information/ }).click();
  await page.getByRole('button', { name: 'Répondre', exact: true }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  await composer.getByText('Paul Durand', { exact: true }).waitFor();
  assert.equal(await composer.getByLabel('Objet').inputValue(), 'Re: Lettre d’information du rectorat');
  const body = composer.getByRole('textbox', { name: 'Texte du message' });
  assert.match(await body.innerText(), /Paul Durand a écrit :/);
  assert.match(await body.innerText(), /nouvelles de l’académie/);
  await body.press('Control+Home');
  await body.pressSequentially('Merci, bien reçu.');
  // The tab closes (or the browser crashes): the draft comes back.
  await page.reload();
  await page.getByText('Un message que vous rédigiez a été retrouvé.').waitFor();
  const restored = page.getByRole('region', { name: 'Rédaction d’un message' });
  /** The reply as typed: its subject and its first words. */
  const assertTheReply = async (composer: typeof restored) => {
    assert.equal(await composer.getByLabel('Objet').inputValue(), 'Re: Lettre d’information du rectorat');
    assert.match(
      await composer.getByRole('textbox', { name: 'Texte du message' }).innerText(),
      /Merci, bien reçu\./,
    );
  };
  await assertTheReply(restored);
  // Closed, it waits in Drafts, and opens there again to be finished.
  await restored.getByRole('button', { name: 'Fermer (le brouillon est gardé)' }).click();
  await restored.waitFor({ state: 'detached' });
  await page
    .getByRole('navigation', { name: 'Dossiers' })
    .getByRole('button', { name: /Brouillons/ })
    .click();
  await page
    .getByRole('listbox', { name: /^Messages de Brouillons/ })
    .getByRole('option', { name: /Re: Lettre d’information du rectorat/ })
    .click();
  await page.getByRole('button', { name: 'Reprendre le brouillon' }).click();
  const again = page.getByRole('region', { name: 'Rédaction d’un message' });
  await assertTheReply(again);
  await again.getByRole('button', { name: 'Supprimer le brouillon' }).click();
  await again.waitFor({ state: 'detached' });
});

test('the signature follows the recipients: internal, external, or none when the person says so', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  // Two signatures, as the settings screen will make them: one for colleagues, one for the outside.
  const set = await addTwoSignatures(page.request, academy.base, {
    colleagues: 'Claire\nCPE, salle 12',
    outside: 'Claire Martin\nCollège Champollion, Grenoble',
  });
  const created = Object.keys((set.created as Record<string, unknown>) ?? {}).length;
  assert.equal(created, 2);
  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  const preview = composer.getByLabel('Signature', { exact: true }).and(composer.locator('pre'));
  const to = composer.getByRole('combobox', { name: 'À' });
  await to.fill(PAUL);
  await to.press('Enter');
  await composer.getByRole('button', { name: `Retirer ${PAUL}` }).waitFor();
  await composer.getByText('CPE, salle 12').waitFor();
  // One recipient outside the académie makes the message external.
  await to.fill('parent.eleve@example.org');
  await to.press('Enter');
  await composer.getByRole('button', { name: 'Retirer parent.eleve@example.org' }).waitFor();
  await composer.getByText('Collège Champollion, Grenoble').waitFor();
  assert.equal(await composer.getByText('CPE, salle 12').count(), 0);
  await composer.getByRole('combobox', { name: 'Signature' }).selectOption({ label: 'Aucune' });
  await preview.waitFor({ state: 'detached' });
  await composer.getByRole('button', { name: 'Supprimer le brouillon' }).click();
});

test('every main screen passes axe-core with no serious or critical violation', {
  timeout: 90_000,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const screens: [string, () => Promise<void>][] = [
    [
      'inbox',
      async () => {
        await page
          .getByRole('listbox', { name: /^Messages de Boîte de réception/ })
          .getByRole('option')
          .first()
          .waitFor();
      },
    ],
    [
      'reading',
      async () => {
        await page.getByRole('option', { name: /Conseil de classe/ }).click();
        await page.getByRole('heading', { name: 'Conseil de classe de 3e B', level: 2 }).waitFor();
      },
    ],
    [
      'search',
      async () => {
        await page.getByRole('searchbox', { name: 'Rechercher dans tous les dossiers' }).fill('conseil');
        await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
        await page
          .getByRole('listbox', { name: 'Résultats de la recherche' })
          .getByRole('option')
          .first()
          .waitFor();
        await page.getByText('Filtres').click();
      },
    ],
    [
      'writing',
      async () => {
        await page.getByRole('button', { name: 'Nouveau message' }).click();
        const to = page.getByRole('combobox', { name: 'À' });
        await to.fill('paul');
        await page.getByRole('option', { name: /Paul Durand/ }).waitFor();
      },
    ],
  ];
  const failures: string[] = [];
  for (const [name, open] of screens) {
    await open();
    for (const violation of await seriousViolations(page)) {
      failures.push(
        `${name}: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.targets.join(' | ')}`,
      );
    }
  }
  await page.getByRole('button', { name: 'Supprimer le brouillon' }).click();
  // The login page too, signed out.
  const login = await (await newBrowserContext(academy.browser)).newPage();
  t.after(() => login.context().close());
  await login.goto(`${academy.base}/login`);
  for (const violation of await seriousViolations(login)) {
    failures.push(
      `login: ${violation.id} (${violation.impact}) ${violation.help}: ${violation.targets.join(' | ')}`,
    );
  }
  assert.deepEqual(failures, []);
});

test('a message whose sender failed the checks carries a clear warning; a genuine one does not', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  await page.getByRole('option', { name: /Votre boîte est pleine/ }).click();
  const warning = page.getByRole('alert').filter({ hasText: 'ne donnez jamais votre mot de passe' });
  await warning.waitFor();
  assert.match((await warning.textContent()) ?? '', /dit venir de ac-test\.fr/);
  await page.getByRole('option', { name: /Conseil de classe/ }).click();
  await page.getByRole('heading', { name: 'Conseil de classe de 3e B', level: 2 }).waitFor();
  assert.equal(await warning.count(), 0);
});

test('a scheduled send waits in the scheduled list, where it can be canceled back into Drafts', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const composer = await newMessage(page, PAUL, 'Réunion parents-professeurs');
  await composer.getByRole('button', { name: 'Programmer l’envoi…' }).click();
  // Tomorrow at 8 is offered; the person keeps it.
  assert.equal(await composer.getByLabel('Heure d’envoi').inputValue(), '08:00');
  await composer.getByRole('button', { name: 'Programmer', exact: true }).click();
  await page.getByText(/^Envoi programmé pour le .* 08:00\.$/).waitFor();
  await page
    .getByRole('navigation', { name: 'Dossiers' })
    .getByRole('button', { name: 'Envois programmés' })
    .click();
  const scheduled = page.getByRole('region', { name: 'Envois programmés' });
  const item = scheduled.getByRole('listitem').filter({ hasText: 'Réunion parents-professeurs' });
  await item.waitFor();
  // By name when a suggestion was picked, by address when typed faster than the suggestions came.
  assert.match(
    (await item.textContent()) ?? '',
    /À : (Paul Durand|paul\.durand@ac-test\.fr)Envoi le .* 08:00/,
  );
  await item.getByRole('button', { name: 'Annuler cet envoi' }).click();
  await page.getByText('Envoi annulé : le message est dans vos brouillons.').waitFor();
  await scheduled.getByText('Aucun envoi programmé.').waitFor();
  await page
    .getByRole('navigation', { name: 'Dossiers' })
    .getByRole('button', { name: /Brouillons/ })
    .click();
  await page
    .getByRole('listbox', { name: /^Messages de Brouillons/ })
    .getByRole('option', { name: /Réunion parents-professeurs/ })
    .waitFor();
});

test('folders are created, coloured, renamed and deleted from the side bar', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD);
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  await folders.getByText('Gérer les dossiers').click();
  await folders.getByLabel('Nom du nouveau dossier').fill('Conseils de classe');
  // Another folder chosen while typing keeps what was typed.
  await folders.getByRole('button', { name: /Envoyés/ }).click();
  await folders.getByRole('button', { name: 'Créer' }).click();
  const created = folders.getByRole('button', { name: 'Conseils de classe' });
  await created.waitFor();
  assert.equal(await created.getAttribute('aria-current'), 'page');
  await page
    .getByRole('listbox', { name: 'Messages de Conseils de classe' })
    .or(page.getByText('Aucun message dans ce dossier.'))
    .waitFor();
  // A colour shows on the folder.
  await folders.getByLabel('Couleur').selectOption({ label: 'vert' });
  // Polled from outside: the page's CSP (rightly) forbids the eval that waitForFunction would use.
  const shownColour = `(() => {
    const folder = [...document.querySelectorAll('.folder')].find((node) => node.textContent.includes('Conseils de classe'));
    const dot = folder && folder.querySelector('.folder-colour');
    return dot ? getComputedStyle(dot).backgroundColor : '';
  })()`;
  await within(
    (async () => {
      while ((await page.evaluate(shownColour)) !== 'rgb(24, 117, 60)') await page.waitForTimeout(50);
    })(),
    ACTION_TIMEOUT_MS,
    'the folder shown green',
  );
  await folders.getByLabel('Nom', { exact: true }).fill('Conseils 2026');
  await folders.getByRole('button', { name: 'Renommer' }).click();
  await folders.getByRole('button', { name: 'Conseils 2026' }).waitFor();
  await folders.getByRole('button', { name: 'Supprimer le dossier' }).click();
  await folders.getByRole('button', { name: 'Confirmer : supprimer Conseils 2026' }).click();
  await folders.getByRole('button', { name: 'Conseils 2026' }).waitFor({ state: 'detached' });
  // Special folders keep their name and cannot be deleted here.
  await folders.getByRole('button', { name: /Boîte de réception/ }).click();
  assert.equal(await folders.getByRole('button', { name: 'Supprimer le dossier' }).count(), 0);
});
