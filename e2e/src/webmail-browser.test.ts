// The web app (web/, ADR 0008) as a teacher opens it: headless Chromium signs in on the login page, lands on
// /mail/, sees the inbox with its unread count, opens messages, and the reading pane shows HTML mail without
// running any of it or loading anything remote until asked. Every request the page makes outside the server
// is recorded and aborted (tests reach loopback only), so "loads nothing remote" is checked, not assumed.

import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test, type TestContext } from 'node:test';
import type { Browser, BrowserContext, Frame, Page } from 'playwright-core';
import { XSS_CORPUS } from '@vercors/web/src/mail/xss-corpus.ts';
import { seriousViolations } from './accessibility.ts';
import { ACTION_TIMEOUT_MS, newBrowserContext } from './browser.ts';
import { type BrowserServer, startBrowserServer } from './browser-server.ts';
import { vercorsCli } from './smtp-server-setup.ts';
import { within } from './vercors-server.ts';

const DOMAIN = 'ac-test.fr';
const PASSWORD = 'Tilleul-Boussole-Garance-31';
const CLAIRE = 'claire.martin@ac-test.fr';
const PAUL = 'paul.durand@ac-test.fr';
const SCENARIO_TIMEOUT_MS = 60_000;

/** One mbox message; `date` in RFC 5322 form. */
function message(fields: {
  subject: string;
  date: string;
  html?: string;
  text?: string;
  attachment?: string;
  /** Whole header lines put on top, as a receiving server does. */
  trace?: readonly string[];
}) {
  const boundary = 'b0undary';
  const head = [
    ...(fields.trace ?? []),
    `From: Paul Durand <paul.durand@${DOMAIN}>`,
    `To: Claire Martin <${CLAIRE}>`,
    `Subject: ${fields.subject}`,
    `Date: ${fields.date}`,
    `Message-ID: <${Math.random().toString(36).slice(2)}@${DOMAIN}>`,
    'MIME-Version: 1.0',
  ];
  const parts: string[] = [];
  if (fields.text !== undefined) parts.push(`Content-Type: text/plain; charset=utf-8\n\n${fields.text}`);
  if (fields.html !== undefined) parts.push(`Content-Type: text/html; charset=utf-8\n\n${fields.html}`);
  if (fields.attachment !== undefined) {
    parts.push(
      `Content-Type: application/pdf; name="${fields.attachment}"\nContent-Disposition: attachment; filename="${fields.attachment}"\nContent-Transfer-Encoding: base64\n\nJVBERi0xLjQKJcfsj6IK`,
    );
  }
  const body =
    parts.length === 1
      ? `${parts[0]}`
      : `Content-Type: multipart/mixed; boundary="${boundary}"\n\n${parts.map((part) => `--${boundary}\n${part}\n`).join('')}--${boundary}--`;
  const [bodyHead, ...bodyRest] = body.split('\n\n');
  // The separator line's date is the arrival date the import keeps (asctime form, UTC).
  const arrival = new Date(fields.date)
    .toUTCString()
    .replace(/^(\w+), (\d+) (\w+) (\d+) ([\d:]+) GMT$/, '$1 $3 $2 $5 $4');
  return `From paul.durand@${DOMAIN} ${arrival}\n${[...head, bodyHead].join('\n')}\n\n${bodyRest.join('\n\n')}\n\n`;
}

const MESSAGES = [
  // A forged sender, as our MX marks one: the reader must warn.
  message({
    subject: 'Votre boîte est pleine',
    date: 'Sun, 22 Nov 2026 07:00:00 +0100',
    text: 'Cliquez ici et donnez votre mot de passe pour garder vos messages.',
    trace: [
      `Authentication-Results: localhost; spf=fail smtp.mailfrom=support@${DOMAIN}; dkim=none; dmarc=fail (p=reject) header.from=${DOMAIN}`,
    ],
  }),
  message({
    subject: 'Conseil de classe de 3e B',
    date: 'Mon, 23 Nov 2026 09:00:00 +0100',
    text: 'Bonjour Claire,\n\nLe conseil de classe aura lieu jeudi à 17 h en salle 12.\n\nPaul',
    attachment: 'ordre-du-jour.pdf',
  }),
  message({
    subject: 'Lettre d’information du rectorat',
    date: 'Tue, 24 Nov 2026 10:00:00 +0100',
    html: '<p>Les <b>nouvelles</b> de l’académie.</p><img src="https://images.example/logo.png" alt="logo"><script>window.__xss = 1</script>',
  }),
  message({
    subject: 'Corpus XSS',
    date: 'Wed, 25 Nov 2026 11:00:00 +0100',
    html: XSS_CORPUS.map((entry) => `<div>${entry.html}</div>`).join('\n'),
  }),
];

const root = await mkdtemp(join(tmpdir(), 'vercors-webmail-'));
const dataDir = join(root, 'data');
let served: BrowserServer | undefined;
let browser: Browser | undefined;
let base = '';

before(
  async () => {
    await vercorsCli(dataDir, ['domain', 'add', DOMAIN]);
    await vercorsCli(
      dataDir,
      ['user', 'add', CLAIRE, '--name', 'Claire Martin', '--password-stdin'],
      `${PASSWORD}\n${PASSWORD}\n`,
    );
    await vercorsCli(
      dataDir,
      ['user', 'add', PAUL, '--name', 'Paul Durand', '--password-stdin'],
      `${PASSWORD}\n${PASSWORD}\n`,
    );
    // The staff room's network: no second factor asked here (the login tests cover the factors).
    await vercorsCli(dataDir, [
      'policy',
      'network',
      'add',
      '127.0.0.1/32',
      '--label',
      'Salle des professeurs',
    ]);
    const mbox = join(root, 'export');
    await mkdir(mbox);
    await writeFile(join(mbox, 'INBOX'), MESSAGES.join(''));
    await vercorsCli(dataDir, ['mail', 'import', CLAIRE, '--mbox', mbox]);
    served = await startBrowserServer(dataDir);
    base = served.base;
    browser = served.browser;
  },
  { timeout: 120_000 },
);

after(async () => {
  await served?.stop();
  await rm(root, { recursive: true, force: true });
});

/** A signed-in browser on /mail/, every request outside the server recorded in `outside` and aborted. */
async function signedIn(
  t: TestContext,
  email = CLAIRE,
): Promise<{ context: BrowserContext; page: Page; outside: string[] }> {
  assert.ok(browser);
  const context = await newBrowserContext(browser);
  t.after(() => context.close());
  const outside: string[] = [];
  await context.route(
    (url) => url.origin !== new URL(base).origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
    async (route) => {
      outside.push(route.request().url());
      await route.abort();
    },
  );
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  t.after(() => assert.deepEqual(errors, [], 'no script error in the app'));
  await page.goto(`${base}/mail/`);
  // Signed out: the app sends the browser to the login page.
  await page.waitForURL(`${base}/login`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(PASSWORD);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  await page.waitForURL(`${base}/mail/`);
  return { context, page, outside };
}

/** The reading pane's frame, once the message is shown in it. */
async function messageFrame(page: Page): Promise<Frame> {
  const element = await page.locator('iframe.message-frame').elementHandle();
  const frame = await element?.contentFrame();
  assert.ok(frame, 'the message frame');
  return frame;
}

test('signing in lands on the inbox: folders with unread counts, conversations newest first', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedIn(t);
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  const inbox = folders.getByRole('button', { name: /Boîte de réception/ });
  await inbox.getByText('4', { exact: true }).waitFor();
  assert.equal(await inbox.getAttribute('aria-current'), 'page');
  for (const name of ['Brouillons', 'Envoyés', 'Corbeille']) {
    assert.equal(await folders.getByRole('button', { name: new RegExp(name) }).count(), 1, name);
  }
  const list = page.getByRole('listbox', { name: 'Messages de Boîte de réception' });
  const rows = list.getByRole('option');
  await rows.nth(3).waitFor();
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
  const { page } = await signedIn(t);
  await page.getByRole('option', { name: /Conseil de classe/ }).click();
  await page.getByRole('heading', { name: 'Conseil de classe de 3e B', level: 2 }).waitFor();
  assert.match(await page.locator('.reader-header').innerText(), /Paul Durand <paul\.durand@ac-test\.fr>/);
  const attachment = page.getByRole('link', { name: 'ordre-du-jour.pdf' });
  const href = (await attachment.getAttribute('href')) ?? '';
  assert.ok(href.startsWith(`${base}/jmap/download/`), href);
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
  const { page, outside } = await signedIn(t);
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
  const { page, outside } = await signedIn(t);
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
  const { page } = await signedIn(t);
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
  const { page } = await signedIn(t);
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
  const { page } = await signedIn(t);
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
  await composer.getByLabel('Joindre des fichiers').setInputFiles({
    name: 'liste-eleves.pdf',
    mimeType: 'application/pdf',
    buffer: Buffer.from('%PDF-1.4\n% liste\n'),
  });
  // Attached once uploaded (while uploading, its name shows with the progress).
  await composer.getByRole('button', { name: 'Retirer liste-eleves.pdf' }).waitFor();
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
  const paul = await signedIn(t, PAUL);
  const received = paul.page.getByRole('option', { name: /Sortie au musée de Grenoble/ });
  await received.waitFor({ timeout: 20_000 });
  await received.click();
  await paul.page.getByRole('link', { name: 'liste-eleves.pdf' }).waitFor();
  await (await messageFrame(paul.page)).getByText('Bonjour Paul, voici la liste des élèves.').waitFor();
});

test('replying quotes the message and answers its sender; a draft survives a reload', {
  timeout: SCENARIO_TIMEOUT_MS,
}, async (t) => {
  const { page } = await signedIn(t);
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
  const { page } = await signedIn(t);
  // Two signatures, as the settings screen will make them: one for colleagues, one for the outside.
  const created = await page.evaluate(async () => {
    const session = (await (await fetch('/auth/session')).json()) as { csrfToken: string };
    const jmap = (await (await fetch('/.well-known/jmap')).json()) as {
      primaryAccounts: Record<string, string>;
    };
    const accountId = jmap.primaryAccounts['urn:ietf:params:jmap:mail'];
    const call = async (methodCalls: unknown[]) =>
      (await (
        await fetch('/jmap/api', {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
          body: JSON.stringify({
            using: ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:submission', 'urn:vercors:jmap'],
            methodCalls,
          }),
        })
      ).json()) as { methodResponses: [string, Record<string, unknown>, string][] };
    const identities = await call([['Identity/get', { accountId, ids: null }, 'i']]);
    const identityId = (identities.methodResponses[0]?.[1].list as { id: string }[])[0]?.id;
    const set = await call([
      [
        'Signature/set',
        {
          accountId,
          create: {
            inside: {
              identityId,
              name: 'Collègues',
              textSignature: 'Claire\nCPE, salle 12',
              useForExternal: false,
            },
            outside: {
              identityId,
              name: 'Extérieur',
              textSignature: 'Claire Martin\nCollège Champollion, Grenoble',
              useForInternal: false,
            },
          },
        },
        's',
      ],
    ]);
    return Object.keys((set.methodResponses[0]?.[1].created as Record<string, unknown>) ?? {}).length;
  });
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
  const { page } = await signedIn(t);
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
  const login = await (await newBrowserContext(browser as Browser)).newPage();
  t.after(() => login.context().close());
  await login.goto(`${base}/login`);
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
  const { page } = await signedIn(t);
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
  const { page } = await signedIn(t);
  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  const to = composer.getByRole('combobox', { name: 'À' });
  await to.fill(PAUL);
  await to.press('Enter');
  await composer.getByLabel('Objet').fill('Réunion parents-professeurs');
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
  const { page } = await signedIn(t);
  const folders = page.getByRole('navigation', { name: 'Dossiers' });
  await folders.getByText('Gérer les dossiers').click();
  await folders.getByLabel('Nom du nouveau dossier').fill('Conseils de classe');
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
