// A real `vercors serve` over HTTPS on a loopback port (its self-signed certificate, made in the data folder)
// and a headless Chromium, started together for the browser tests; `stop` ends both, by the server's pid and
// the browser's handle, whatever started. With `mailListeners`, IMAPS and submission listen too (on their
// own loopback ports), for tests that check through a mail app what the browser did. With
// `trustCertificate`, Chromium trusts the self-signed certificate outright: a service worker's script is not
// registered under a certificate error, whatever the context's ignoreHTTPSErrors says.

import type { Browser } from 'playwright-core';
import { launchChromium } from './browser.ts';
import { freeLoopbackPort } from './loopback.ts';
import { ALL_LISTENERS_OFF, startVercors, within, type VercorsProcess } from './vercors-server.ts';

export interface BrowserServer {
  /** `https://127.0.0.1:PORT` */
  readonly base: string;
  readonly browser: Browser;
  /** IMAPS and submission ports with `mailListeners`, else 0. */
  readonly imapsPort: number;
  readonly submissionsPort: number;
  stop(): Promise<void>;
}

export interface BrowserServerOptions {
  readonly mailListeners?: boolean;
  readonly trustCertificate?: boolean;
}

export async function startBrowserServer(
  dataDir: string,
  options: BrowserServerOptions = {},
): Promise<BrowserServer> {
  const port = await freeLoopbackPort();
  const imapsPort = options.mailListeners === true ? await freeLoopbackPort() : 0;
  const submissionsPort = options.mailListeners === true ? await freeLoopbackPort() : 0;
  const server: VercorsProcess = startVercors(['serve', '--workers', '1'], {
    env: {
      ...ALL_LISTENERS_OFF,
      VERCORS_DATA: dataDir,
      VERCORS_LOCALE: 'en',
      VERCORS_HOSTNAME: 'localhost',
      VERCORS_LISTEN_HTTPS: `127.0.0.1:${port}`,
      ...(options.mailListeners === true && {
        VERCORS_LISTEN_IMAPS: `127.0.0.1:${imapsPort}`,
        VERCORS_LISTEN_SUBMISSIONS: `127.0.0.1:${submissionsPort}`,
        VERCORS_DELIVERY_DNS: 'offline',
      }),
    },
  });
  let browser: Browser | undefined;
  const stop = async () => {
    await browser?.close().catch(() => undefined);
    server.child.kill('SIGTERM');
    await within(server.exited, 10_000, 'vercors exit').catch(() => server.kill());
  };
  try {
    await Promise.all([
      server.waitForOutput(/Vercors is ready/, 60_000),
      launchChromium(options.trustCertificate === true ? ['--ignore-certificate-errors'] : []).then(
        (launched) => {
          browser = launched;
        },
      ),
    ]);
  } catch (error) {
    await stop();
    throw error;
  }
  if (browser === undefined) throw new Error('Chromium did not start');
  return { base: `https://127.0.0.1:${port}`, browser, imapsPort, submissionsPort, stop };
}
