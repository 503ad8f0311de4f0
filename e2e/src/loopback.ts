// Loopback plumbing for end-to-end tests: a free port, and polling an HTTP endpoint or a line-protocol
// greeting until it answers.

import { connect, createServer } from 'node:net';

/**
 * Ports this process has handed out. The system may give a port it just released again, and a test that asks
 * for several (HTTP, then IMAP, SMTP…) once got the same one twice; the server then could not listen on both.
 */
const handedOut = new Set<number>();
/** Tries before giving up on a port not handed out before: a repeat is rare, twenty in a row never seen. */
const MAX_PORT_TRIES = 20;

/** A loopback TCP port free now and not handed out before by this process. */
export async function freeLoopbackPort(): Promise<number> {
  for (let attempt = 0; attempt < MAX_PORT_TRIES; attempt++) {
    const port = await unusedPort();
    if (!handedOut.has(port)) {
      handedOut.add(port);
      return port;
    }
  }
  throw new Error(`no free loopback port that this process had not handed out, in ${MAX_PORT_TRIES} tries`);
}

function unusedPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

/** Poll `url` every 200 ms until it answers 200 or the deadline passes; returns the last status (0 = no answer). */
export async function waitForHttp(
  url: string,
  deadlineMs: number,
): Promise<{ status: number; body: string }> {
  const until = Date.now() + deadlineMs;
  let last = { status: 0, body: '' };
  while (Date.now() < until) {
    try {
      const response = await fetch(url, { signal: AbortSignal.timeout(2000) });
      last = { status: response.status, body: await response.text() };
      if (response.status === 200) return last;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  return last;
}

/** Check `condition` every 100 ms until it holds or the deadline passes; returns whether it held. */
export async function waitFor(condition: () => boolean, deadlineMs: number): Promise<boolean> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    if (condition()) return true;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return condition();
}

/**
 * Poll `port` until its greeting starts with `greeting` (`220`, `* OK`), then say `goodbye` (`QUIT`, `a LOGOUT`);
 * bounded by `deadlineMs`, 2 s per attempt.
 */
export async function waitForGreeting(
  port: number,
  greeting: string,
  goodbye: string,
  deadlineMs: number,
): Promise<void> {
  const until = Date.now() + deadlineMs;
  while (Date.now() < until) {
    const isUp = await new Promise<boolean>((resolve) => {
      const socket = connect({ host: '127.0.0.1', port });
      socket.setTimeout(2000, () => {
        socket.destroy();
        resolve(false);
      });
      socket.once('data', (chunk: Buffer) => {
        socket.end(`${goodbye}\r\n`);
        resolve(chunk.toString().startsWith(greeting));
      });
      socket.once('error', () => resolve(false));
    });
    if (isUp) return;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no "${greeting}" greeting on port ${port} within ${deadlineMs} ms`);
}
