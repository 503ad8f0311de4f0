// The teacher's day in the web app, end to end and in one go, then checked through IMAP as her phone would
// see it (issue 8): she signs in with her authenticator app, reads a colleague's message, replies with the
// signature meant for colleagues and a file, takes a message back with "Annuler l'envoi", schedules one and
// cancels it, searches, files a message in a folder she made and coloured, and makes the phone's app
// password. imapflow, logged in with that password, then finds the reply in Sent (signature, attachment,
// threading), the original answered, the message in its folder, and the canceled messages in Drafts.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ImapFlow } from 'imapflow';
import { Secret, TOTP } from 'otpauth';
import { type APIRequestContext, request } from 'playwright-core';
import { ACTION_TIMEOUT_MS } from './browser.ts';
import { type BrowserAcademy, PASSWORD, browserAcademy, setLoopbackTrusted } from './browser-academy.ts';
import { within } from './vercors-server.ts';
import { addTwoSignatures, attachPdf, mboxMessage, newMessage, signInToWebmail } from './webmail-session.ts';

const CLAIRE = 'claire.martin@ac-test.fr';
const PAUL = 'paul.durand@ac-test.fr';

/** A JSON API context signed in as Claire (the web app's endpoints), with its CSRF token. */
async function apiSession(base: string): Promise<{ api: APIRequestContext; csrf: string }> {
  const api = await request.newContext({
    baseURL: base,
    ignoreHTTPSErrors: true,
    timeout: ACTION_TIMEOUT_MS,
  });
  const login = await api.post('/auth/login', { data: { email: CLAIRE, password: PASSWORD } });
  const { csrfToken } = (await login.json()) as { csrfToken: string };
  return { api, csrf: csrfToken };
}

let totpKey = '';

/**
 * Her authenticator app and her signatures, set up beforehand (their own screens are tested in
 * security-settings-browser and mail-settings-browser).
 */
async function setUpClaire({ dataDir, base }: BrowserAcademy): Promise<void> {
  // A factor is set up from an establishment's network (docs/access.md); she then goes home.
  await setLoopbackTrusted(dataDir, true);
  const { api, csrf } = await apiSession(base);
  const started = await api.post('/auth/second-factors/totp', { headers: { 'X-CSRF-Token': csrf } });
  assert.equal(started.status(), 201, await started.text());
  const { enrolmentId, secret } = (await started.json()) as { enrolmentId: string; secret: string };
  totpKey = secret;
  const previous = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: Date.now() - 30_000 });
  const confirmed = await api.post('/auth/second-factors/totp/confirm', {
    headers: { 'X-CSRF-Token': csrf },
    data: { enrolmentId, code: previous, label: 'Téléphone' },
  });
  assert.equal(confirmed.status(), 201, await confirmed.text());
  const answer = await addTwoSignatures(api, base, {
    colleagues: 'Claire — CPE, bureau 12',
    outside: 'Claire Martin, Collège Champollion, Grenoble',
  });
  const created = answer.created as Record<string, unknown> | undefined;
  assert.equal(Object.keys(created ?? {}).length, 2, JSON.stringify(answer));
  await api.dispose();
  await setLoopbackTrusted(dataDir, false);
}

const academy = await browserAcademy({
  folder: 'teacher',
  users: { [CLAIRE]: 'Claire Martin', [PAUL]: 'Paul Durand' },
  isLoopbackTrusted: false,
  inboxes: {
    [CLAIRE]: [
      mboxMessage({
        subject: 'Conseil de classe de 3e B',
        date: 'Mon, 23 Nov 2026 09:00:00 +0100',
        messageId: 'conseil-3b@ac-test.fr',
        text: 'Bonjour Claire,\n\nLe conseil de classe aura lieu jeudi à 17 h en salle 12.\n\nPaul',
      }),
      mboxMessage({
        subject: 'Sortie au musée',
        date: 'Tue, 24 Nov 2026 09:00:00 +0100',
        text: 'Les autorisations sont à rendre vendredi.',
      }),
    ],
  },
  server: { mailListeners: true },
  afterServe: setUpClaire,
});

/** Quoted-printable (RFC 2045 §6.7) decoded as UTF-8: soft line breaks joined, =XX bytes put back. */
function quotedPrintable(encoded: string): string {
  const bytes = encoded
    .replace(/=\r\n/g, '')
    .split(/(=[0-9A-F]{2})/)
    .flatMap((piece) =>
      /^=[0-9A-F]{2}$/.test(piece) ? [Number.parseInt(piece.slice(1), 16)] : [...Buffer.from(piece)],
    );
  return Buffer.from(bytes).toString('utf8');
}

test('a teacher’s day in the web app, then the same mail seen through IMAP', {
  timeout: 240_000,
}, async (t) => {
  // Sign in: password, then the code of the authenticator app.
  const { page } = await signInToWebmail(t, academy, CLAIRE, PASSWORD, {
    isOutsideBlocked: false,
    secondFactorCode: () => TOTP.generate({ secret: Secret.fromBase32(totpKey) }),
  });

  // Read Paul's message.
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  await page.getByRole('option', { name: /Conseil de classe de 3e B/ }).click();
  await page
    .locator('iframe.message-frame')
    .contentFrame()
    .getByText(/aura lieu jeudi/)
    .waitFor();

  // Reply with the colleagues' signature and a file; take it back once, then let it go.
  await page.getByRole('button', { name: 'Répondre', exact: true }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  await composer.getByText('Claire — CPE, bureau 12').waitFor();
  // The cursor waits above the quote.
  const body = composer.getByRole('textbox', { name: 'Texte du message' });
  await body.pressSequentially('Je serai présente.');
  await attachPdf(composer, 'bulletins-3B.pdf', '%PDF-1.4\n% bulletins\n');
  await composer.getByRole('button', { name: 'Envoyer' }).click();
  await page.getByRole('button', { name: 'Annuler l’envoi' }).click();
  await page.getByText('Envoi annulé : le message est revenu en brouillon.').waitFor();
  await page
    .getByRole('region', { name: 'Rédaction d’un message' })
    .getByRole('button', { name: 'Envoyer' })
    .click();
  await page.getByText('Message envoyé.').waitFor();

  // Schedule a message for tomorrow, then cancel it: it waits in Drafts.
  const scheduledComposer = await newMessage(page, PAUL, 'Rappel : conseil jeudi');
  await scheduledComposer.getByRole('button', { name: 'Programmer l’envoi…' }).click();
  await scheduledComposer.getByRole('button', { name: 'Programmer', exact: true }).click();
  await page.getByText(/^Envoi programmé pour le /).waitFor();
  await folders.getByRole('button', { name: 'Envois programmés' }).click();
  const scheduled = page.getByRole('region', { name: 'Envois programmés' });
  await scheduled
    .getByRole('listitem')
    .filter({ hasText: 'Rappel : conseil jeudi' })
    .getByRole('button', { name: 'Annuler cet envoi' })
    .click();
  await scheduled.getByText('Aucun envoi programmé.').waitFor();

  // Search, French-aware.
  const searchBox = page.getByRole('searchbox', { name: 'Rechercher dans tous les dossiers' });
  await searchBox.fill('musee');
  await page.getByRole('button', { name: 'Rechercher', exact: true }).click();
  await page
    .getByRole('listbox', { name: 'Résultats de la recherche' })
    .getByRole('option', { name: /Sortie au musée/ })
    .waitFor();
  await page.getByRole('button', { name: 'Fermer la recherche' }).click();

  // A folder of her own, coloured; the outing goes there.
  await folders.getByText('Gérer les dossiers').click();
  await folders.getByLabel('Nom du nouveau dossier').fill('Sorties');
  await folders.getByRole('button', { name: 'Créer' }).click();
  await folders.getByRole('button', { name: 'Sorties' }).waitFor();
  await folders.getByLabel('Couleur').selectOption({ label: 'vert' });
  await folders.getByRole('button', { name: /Boîte de réception/ }).click();
  const outing = page
    .getByRole('listbox', { name: /^Messages de Boîte de réception/ })
    .getByRole('option', { name: /Sortie au musée/ });
  await outing.click();
  await page
    .getByRole('toolbar', { name: 'Actions sur les messages' })
    .getByRole('combobox', { name: 'Déplacer vers…' })
    .selectOption({ label: 'Sorties' });
  await outing.waitFor({ state: 'detached' });

  // The phone's app password, made on the phone screen.
  await page.getByRole('link', { name: 'Paramètres' }).click();
  await page.getByRole('link', { name: 'Téléphone et logiciels' }).click();
  await page.getByLabel('Nom du téléphone').fill('Téléphone de Claire');
  await page.getByRole('button', { name: 'Créer un mot de passe pour ce téléphone' }).click();
  const shown = page.getByRole('region', { name: 'Mot de passe d’application pour Téléphone de Claire' });
  const appPassword = (await shown.locator('code').innerText()).trim();

  // What her phone sees, over IMAPS with that password.
  const imap = new ImapFlow({
    host: '127.0.0.1',
    port: academy.imapsPort,
    secure: true,
    tls: { rejectUnauthorized: false },
    auth: { user: CLAIRE, pass: appPassword },
    logger: false,
  });
  await within(imap.connect(), ACTION_TIMEOUT_MS, 'IMAP login with the app password');
  t.after(() => imap.logout().catch(() => undefined));
  const folderList = await imap.list();
  const pathOf = (use: string) => folderList.find((folder) => folder.specialUse === use)?.path ?? '';

  // The reply left (the undo delay is over) and is in Sent: threaded, signed, with its file.
  await within(
    (async () => {
      for (;;) {
        const status = await imap.status(pathOf('\\Sent'), { messages: true });
        if (status !== false && (status.messages ?? 0) >= 1) return;
        await new Promise((resolve) => setTimeout(resolve, 200));
      }
    })(),
    30_000,
    'the reply in Sent',
  );
  {
    const lock = await imap.getMailboxLock(pathOf('\\Sent'));
    try {
      const sent = await imap.fetchOne('*', { envelope: true, source: true, bodyStructure: true });
      assert.ok(sent);
      assert.equal(sent.envelope?.subject, 'Re: Conseil de classe de 3e B');
      assert.equal(sent.envelope?.inReplyTo, '<conseil-3b@ac-test.fr>');
      const source = sent.source?.toString('utf8') ?? '';
      // Above the quote, then the signature after its "-- " line (RFC 3676), in the text part.
      const text = quotedPrintable(source.split(/Content-Type: text\/plain[^\r]*\r\n[^]*?\r\n\r\n/)[1] ?? '');
      assert.match(text, /^Je serai présente\.\n\nLe 23 novembre 2026 à 09:00, Paul Durand a écrit :/);
      assert.match(text, /\n-- \nClaire — CPE, bureau 12\r\n/);
      assert.match(source, /filename="?bulletins-3B\.pdf/);
    } finally {
      lock.release();
    }
  }
  // The original is answered and read.
  {
    const lock = await imap.getMailboxLock('INBOX');
    try {
      const found = await imap.search({ header: { 'message-id': 'conseil-3b@ac-test.fr' } }, { uid: true });
      assert.equal(found && found.length, 1);
      const original = await imap.fetchOne(String(found && found[0]), { flags: true }, { uid: true });
      assert.ok(
        original && original.flags?.has('\\Answered'),
        `flags ${[...(original ? (original.flags ?? []) : [])]}`,
      );
      assert.ok(original && original.flags?.has('\\Seen'));
      // The outing left the inbox.
      assert.deepEqual(await imap.search({ subject: 'Sortie au musée' }), []);
    } finally {
      lock.release();
    }
  }
  // The outing is in her folder.
  {
    const lock = await imap.getMailboxLock('Sorties');
    try {
      const inFolder = await imap.fetchOne('*', { envelope: true });
      assert.equal(inFolder && inFolder.envelope?.subject, 'Sortie au musée');
    } finally {
      lock.release();
    }
  }
  // The canceled scheduled message waits in Drafts, marked as a draft.
  {
    const lock = await imap.getMailboxLock(pathOf('\\Drafts'));
    try {
      const uids = await imap.search({ subject: 'Rappel : conseil jeudi' }, { uid: true });
      assert.equal(uids && uids.length, 1);
      const draft = await imap.fetchOne(String(uids && uids[0]), { flags: true }, { uid: true });
      assert.ok(draft && draft.flags?.has('\\Draft'));
    } finally {
      lock.release();
    }
  }
});
