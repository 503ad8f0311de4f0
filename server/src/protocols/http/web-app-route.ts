// The web app (web/, ADR 0008) served from its build folder: `/` and `/mail` lead to `/mail/`, the hashed
// assets under `/mail/assets/` are cached for a year, the service worker (`/mail/sw.js`) and the manifest are
// revalidated at every use, and every other path under `/mail/` is the app's page (it routes in the browser),
// never cached, under the app's CSP. Only files inside the build folder are served: the path is decoded once,
// must be plain names, and is resolved and checked against the root.

import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import type { Hono } from 'hono';
import { defineMessages } from '#core/i18n';
import type { HttpEnv } from './http-env.ts';

export const WEB_APP_PATH = '/mail/';

/**
 * The app's own policy. Scripts and connections only from here. `style-src 'unsafe-inline'` and the image
 * sources are for the message frame: a srcdoc frame also obeys its parent's policy, and its own (stricter,
 * message-frame.ts) decides what a message may load.
 */
export const WEB_APP_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https: http:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "frame-src 'self'",
  "worker-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * The service worker's own policy (a worker obeys the CSP of its script's response, not the page's): it only
 * fetches the app's files from here, and loads nothing else.
 */
export const SERVICE_WORKER_CSP = "default-src 'none'; connect-src 'self'";

const TYPES: Readonly<Record<string, string>> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};

/** A name the build makes: letters, digits, dot, dash, underscore; no dot first (no hidden file, no `..`). */
const SAFE_NAME = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,199}$/;
const MAX_SEGMENTS = 8;

/**
 * The build's files at the app's root, by fixed name. Not hashed, so never cached as assets are: the browser
 * must see a new worker or manifest as soon as a new build is served (`no-cache`: revalidated at every use).
 */
const ROOT_FILES: Readonly<Record<string, Readonly<Record<string, string>>>> = {
  'sw.js': { 'Content-Type': TYPES['.js'] as string, 'Content-Security-Policy': SERVICE_WORKER_CSP },
  'manifest.webmanifest': { 'Content-Type': TYPES['.webmanifest'] as string },
};

const MESSAGES = defineMessages({
  fr: {
    notBuilt:
      'L’application web n’est pas construite sur ce serveur. Lancez « npm run build -w web » (ou « npm start », qui le fait), puis rechargez la page.',
  },
  en: {
    notBuilt:
      'The web app is not built on this server. Run "npm run build -w web" (or "npm start", which does it), then reload the page.',
  },
});

export function registerWebAppRoute(app: Hono<HttpEnv>, root: string): void {
  const base = resolve(root);
  const page = async () => readFile(join(base, 'index.html'));

  app.get('/', (c) => c.redirect(WEB_APP_PATH, 302));
  app.get('/mail', (c) => c.redirect(WEB_APP_PATH, 301));
  app.get('/mail/*', async (c) => {
    const rest = c.req.path.slice(WEB_APP_PATH.length);
    const segments = rest === '' ? [] : rest.split('/');
    const rootFile = Object.hasOwn(ROOT_FILES, rest) ? ROOT_FILES[rest] : undefined;
    if (rootFile !== undefined) {
      try {
        const body = await readFile(join(base, rest));
        return c.body(new Uint8Array(body), 200, { ...rootFile, 'Cache-Control': 'no-cache' });
      } catch {
        return c.json({ error: 'notFound' }, 404);
      }
    }
    const isAsset =
      segments.length >= 2 &&
      segments.length <= MAX_SEGMENTS &&
      segments[0] === 'assets' &&
      segments.every((segment) => SAFE_NAME.test(segment));
    if (isAsset) {
      const file = resolve(base, ...segments);
      if (file.startsWith(base + sep) && (await isFile(file))) {
        return c.body(new Uint8Array(await readFile(file)), 200, {
          'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
          'Cache-Control': 'public, max-age=31536000, immutable',
        });
      }
      return c.json({ error: 'notFound' }, 404);
    }
    let html: Buffer;
    try {
      html = await page();
    } catch {
      const locale = /^\s*en/i.test(c.req.header('accept-language') ?? '') ? 'en' : 'fr';
      return c.text(MESSAGES.t(locale, 'notBuilt'), 503, { 'Cache-Control': 'no-store' });
    }
    return c.body(new Uint8Array(html), 200, {
      'Content-Type': TYPES['.html'] as string,
      'Cache-Control': 'no-cache',
      'Content-Security-Policy': WEB_APP_CSP,
    });
  });
}

async function isFile(path: string): Promise<boolean> {
  try {
    return (await stat(path)).isFile();
  } catch {
    return false;
  }
}
