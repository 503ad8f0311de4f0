// What the web app's browser tests share: mbox messages to import (from Paul to Claire by default), a
// browser signed in on the login page whose every request outside the server is recorded and aborted by
// default (tests reach loopback only, and "loads nothing remote" is checked, not assumed), the test's own
// JMAP calls with a session's cookie and CSRF token, a new message and a file attached in the composer, and
// the reading pane's frame.

import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type {
  APIRequestContext,
  Browser,
  BrowserContext,
  BrowserContextOptions,
  Frame,
  Locator,
  Page,
} from 'playwright-core';
import { newBrowserContext } from './browser.ts';
import { DOMAIN } from './browser-academy.ts';

/** One mbox message; `date` in RFC 5322 form. */
export function mboxMessage(fields: {
  subject: string;
  date: string;
  html?: string;
  text?: string;
  /** A PDF attachment's name. */
  attachment?: string;
  /** Other attachments: name, type and base64 content. */
  files?: readonly { name: string; type: string; base64: string }[];
  /** Whole header lines put on top, as a receiving server does. */
  trace?: readonly string[];
  /** Whole header lines added after the usual ones (In-Reply-To, Disposition-Notification-To…). */
  extra?: readonly string[];
  from?: string;
  to?: string;
  messageId?: string;
}) {
  const boundary = 'b0undary';
  const from = fields.from ?? `Paul Durand <paul.durand@${DOMAIN}>`;
  const head = [
    ...(fields.trace ?? []),
    `From: ${from}`,
    `To: ${fields.to ?? `Claire Martin <claire.martin@${DOMAIN}>`}`,
    `Subject: ${fields.subject}`,
    `Date: ${fields.date}`,
    `Message-ID: <${fields.messageId ?? `${Math.random().toString(36).slice(2)}@${DOMAIN}`}>`,
    ...(fields.extra ?? []),
    'MIME-Version: 1.0',
  ];
  const parts: string[] = [];
  if (fields.text !== undefined) parts.push(`Content-Type: text/plain; charset=utf-8\n\n${fields.text}`);
  if (fields.html !== undefined) parts.push(`Content-Type: text/html; charset=utf-8\n\n${fields.html}`);
  const files = [
    ...(fields.attachment === undefined
      ? []
      : [{ name: fields.attachment, type: 'application/pdf', base64: 'JVBERi0xLjQKJcfsj6IK' }]),
    ...(fields.files ?? []),
  ];
  for (const file of files) {
    parts.push(
      `Content-Type: ${file.type}; name="${file.name}"\nContent-Disposition: attachment; filename="${file.name}"\nContent-Transfer-Encoding: base64\n\n${file.base64}`,
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
  const sender = /<([^>]+)>/.exec(from)?.[1] ?? from;
  return `From ${sender} ${arrival}\n${[...head, bodyHead].join('\n')}\n\n${bodyRest.join('\n\n')}\n\n`;
}

export interface SignInOptions {
  /** For the context: a phone's user agent, downloads accepted… */
  readonly context?: BrowserContextOptions;
  /**
   * Every request outside the server recorded in `outside` and aborted (the default); off where routing would
   * change what is tested (a service worker's fetches) or nothing remote can be loaded anyway.
   */
  readonly isOutsideBlocked?: boolean;
  /** The authenticator app's current code, asked after the password when the login asks a second check. */
  readonly secondFactorCode?: () => string;
  /**
   * Where the sign-in ends: the web app at /mail/ (the default), or the login page telling an account that
   * must have a second check to set one up first.
   */
  readonly landing?: 'mail' | 'enrolment';
}

/**
 * A new browser (its own cookies) signed in as a person does: it opens /mail/, is sent to the login page,
 * fills the form and lands as `options.landing` says. Script errors in the page fail the test.
 */
export async function signInToWebmail(
  t: TestContext,
  server: { readonly browser: Browser; readonly base: string },
  email: string,
  password: string,
  options: SignInOptions = {},
): Promise<{ context: BrowserContext; page: Page; outside: string[] }> {
  const { base } = server;
  const context = await newBrowserContext(server.browser, options.context);
  t.after(() => context.close());
  const outside: string[] = [];
  if (options.isOutsideBlocked !== false) {
    await context.route(
      (url) => url.origin !== new URL(base).origin && url.protocol !== 'data:' && url.protocol !== 'blob:',
      async (route) => {
        outside.push(route.request().url());
        await route.abort();
      },
    );
  }
  const page = await context.newPage();
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  t.after(() => assert.deepEqual(errors, [], 'no script error in the app'));
  await page.goto(`${base}/mail/`);
  // Signed out: the app sends the browser to the login page.
  await page.waitForURL(`${base}/login`);
  await page.getByLabel('Adresse électronique').fill(email);
  await page.getByLabel('Mot de passe', { exact: true }).fill(password);
  await page.getByRole('button', { name: 'Se connecter' }).click();
  if (options.secondFactorCode !== undefined) {
    await page.waitForURL(`${base}/login/second-factor`);
    await page.getByLabel('Code', { exact: true }).fill(options.secondFactorCode());
    await page.getByRole('button', { name: 'Vérifier' }).click();
  }
  if (options.landing === 'enrolment')
    await page.getByText(/Votre compte doit avoir une seconde vérification/).waitFor();
  else await page.waitForURL(`${base}/mail/`);
  return { context, page, outside };
}

/** What the tests' calls use: mail, submission (identities), Vercors' own (signatures, preferences…). */
const JMAP_USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
  'urn:vercors:jmap',
];

/**
 * One JMAP method call from the test as the web app makes it, on the primary mail account: `request` holds a
 * session cookie (a page's `page.request`, or a context signed in on /auth/login) and the call carries that
 * session's CSRF token. The method's response arguments; an HTTP or method error fails the test.
 */
export async function jmapCall(
  request: APIRequestContext,
  base: string,
  method: string,
  args: Record<string, unknown>,
): Promise<Record<string, unknown>> {
  const session = (await (await request.get(`${base}/auth/session`)).json()) as { csrfToken: string };
  const jmap = (await (await request.get(`${base}/.well-known/jmap`)).json()) as {
    primaryAccounts: Record<string, string>;
  };
  const accountId = jmap.primaryAccounts['urn:ietf:params:jmap:mail'];
  assert.ok(accountId, 'a primary mail account');
  const response = await request.post(`${base}/jmap/api`, {
    headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': session.csrfToken },
    data: { using: JMAP_USING, methodCalls: [[method, { accountId, ...args }, 'c']] },
  });
  const text = await response.text();
  assert.equal(response.status(), 200, text);
  const body = JSON.parse(text) as { methodResponses?: [string, Record<string, unknown>, string][] };
  assert.ok(body.methodResponses, text);
  const [name, result] = body.methodResponses[0] ?? [];
  assert.equal(name, method, JSON.stringify(result));
  return result ?? {};
}

/**
 * The two signatures a teacher keeps, made as the settings screen makes them on her first identity: one for
 * colleagues (never for outside recipients), one for the outside (never for colleagues). The Signature/set
 * answer.
 */
export async function addTwoSignatures(
  request: APIRequestContext,
  base: string,
  texts: { readonly colleagues: string; readonly outside: string },
): Promise<Record<string, unknown>> {
  const identities = await jmapCall(request, base, 'Identity/get', { ids: null });
  const identityId = (identities.list as { id: string }[])[0]?.id;
  return jmapCall(request, base, 'Signature/set', {
    create: {
      inside: { identityId, name: 'Collègues', textSignature: texts.colleagues, useForExternal: false },
      outside: { identityId, name: 'Extérieur', textSignature: texts.outside, useForInternal: false },
    },
  });
}

/** A new message in the composer: `to` typed in "À" and taken with Enter, then `subject`; the composer. */
export async function newMessage(page: Page, to: string, subject: string): Promise<Locator> {
  await page.getByRole('button', { name: 'Nouveau message' }).click();
  const composer = page.getByRole('region', { name: 'Rédaction d’un message' });
  const recipients = composer.getByRole('combobox', { name: 'À' });
  await recipients.fill(to);
  await recipients.press('Enter');
  await composer.getByLabel('Objet').fill(subject);
  return composer;
}

/** Attach a small PDF with the composer's file picker; resolves once it is uploaded (removable then). */
export async function attachPdf(composer: Locator, name: string, content: string): Promise<void> {
  await composer.getByLabel('Joindre des fichiers').setInputFiles({
    name,
    mimeType: 'application/pdf',
    buffer: Buffer.from(content),
  });
  // Attached once uploaded (while uploading, its name shows with the progress).
  await composer.getByRole('button', { name: `Retirer ${name}` }).waitFor();
}

/** The reading pane's frame, once the message is shown in it (the last of a conversation). */
export async function messageFrame(page: Page): Promise<Frame> {
  const element = await page.locator('iframe.message-frame').last().elementHandle();
  const frame = await element?.contentFrame();
  assert.ok(frame, 'the message frame');
  return frame;
}
