// Headless Debian Chromium (apt `chromium`, .ci/run) driven by playwright-core, for tests of the pages a
// person opens in a browser. Every wait is bounded: the launch, each navigation and each action.

import { existsSync } from 'node:fs';
import { chromium, type Browser, type BrowserContext, type BrowserContextOptions } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
/** Launching takes well under a second here (STACK.md: 187 ms); a loaded CI machine gets room. */
const LAUNCH_TIMEOUT_MS = 30_000;
/** One click, fill or page load on loopback: far below this unless something hangs. */
export const ACTION_TIMEOUT_MS = 10_000;

/** `extraArgs`: Chromium switches a test needs (e.g. trusting the server's certificate for a service worker). */
export async function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM))
    throw new Error(`${CHROMIUM} is missing: apt-get install chromium (.ci/run does)`);
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    timeout: LAUNCH_TIMEOUT_MS,
    // Chromium refuses to start its sandbox as root (containers, CI); elsewhere the sandbox stays on.
    args: [...(process.getuid?.() === 0 ? ['--no-sandbox'] : []), ...extraArgs],
  });
}

/**
 * A fresh context (its own cookies) that accepts the server's self-signed certificate, French unless told
 * otherwise, with the bounded timeouts set on every page it opens.
 */
export async function newBrowserContext(
  browser: Browser,
  options: BrowserContextOptions = {},
): Promise<BrowserContext> {
  const context = await browser.newContext({ ignoreHTTPSErrors: true, locale: 'fr-FR', ...options });
  context.setDefaultTimeout(ACTION_TIMEOUT_MS);
  context.setDefaultNavigationTimeout(ACTION_TIMEOUT_MS);
  return context;
}
