// Headless Chromium for bench/web that trusts the server's self-signed certificate (by its public key, with
// --ignore-certificate-errors-spki-list), where the browser tests merely ignore certificate errors. The
// difference matters here: Chromium keeps nothing in its HTTP cache from a response with a certificate error
// and registers no service worker over one, so with errors ignored every "warm" load would download the app
// again. Trusted, the page is what it is on a real site with a real certificate.

import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContext } from 'playwright-core';
import { ACTION_TIMEOUT_MS, CHROMIUM } from '@vercors/e2e/src/browser.ts';

/** Where `vercors serve` writes the certificate it makes for itself (runtime/tls/self-signed-certificate.ts). */
const SELF_SIGNED = join('tls', 'self-signed.pem');
const LAUNCH_TIMEOUT_MS = 30_000;

/** base64(SHA-256(SubjectPublicKeyInfo)) of the server's certificate, as Chromium's flag wants it. */
export function certificateSpki(dataDir: string): string {
  const pem = readFileSync(join(dataDir, SELF_SIGNED), 'utf8');
  const spki = new X509Certificate(pem).publicKey.export({ type: 'spki', format: 'der' });
  return createHash('sha256').update(spki).digest('base64');
}

export async function launchTrustingChromium(dataDir: string): Promise<Browser> {
  if (!existsSync(CHROMIUM)) throw new Error(`${CHROMIUM} is missing: apt-get install chromium`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    args: [
      `--ignore-certificate-errors-spki-list=${certificateSpki(dataDir)}`,
      // Chromium refuses to start its sandbox as root (containers, CI); elsewhere the sandbox stays on.
      ...(process.getuid?.() === 0 ? ['--no-sandbox'] : []),
    ],
  });
}

/** A fresh context (its own cookies, cache and service workers), French, with the browser tests' timeouts. */
export async function newTrustingContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({ locale: 'fr-FR' });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context;
}
