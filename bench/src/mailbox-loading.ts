// Loading a bench mailbox over IMAP: every message APPENDed to the user's INBOX with its INTERNALDATE, over a
// few connections that take the next message from one shared cursor (so the mailbox ends up in order, give or
// take the few in flight), with a progress line every PROGRESS_EVERY_MS since 100,000 messages take minutes.
// Bounded: the whole load stops at `capMs`, and every APPEND has the load client's own timeout.

import { performance } from 'node:perf_hooks';
import { openImapSession, type ImapSession } from '@vercors/e2e/src/imap-load-client.ts';
import { errorText } from './bench-figures.ts';
import type { BenchMessage } from './imap-bench-mail.ts';

const PROGRESS_EVERY_MS = 15_000;

export interface LoadOptions {
  /** The server's name in the progress lines. */
  readonly label: string;
  readonly port: number;
  readonly user: string;
  readonly password: string;
  readonly messages: readonly BenchMessage[];
  readonly connections: number;
  readonly capMs: number;
}

export interface LoadResult {
  readonly appended: number;
  readonly seconds: number;
  /** One per APPEND, in ms. */
  readonly latencies: readonly number[];
  readonly errors: number;
  readonly firstProblem?: string;
}

/** APPEND every message to INBOX; a connection that fails stops, the others go on. */
export async function appendAll(options: LoadOptions): Promise<LoadResult> {
  const { messages } = options;
  const latencies: number[] = [];
  let next = 0;
  let errors = 0;
  let firstProblem: string | undefined;
  const started = performance.now();
  const deadline = started + options.capMs;
  const progress = setInterval(() => {
    const seconds = (performance.now() - started) / 1000;
    const rate = latencies.length / seconds;
    const left = rate > 0 ? (messages.length - latencies.length) / rate / 60 : Number.NaN;
    console.log(
      `  ${options.label.padEnd(8)} loading: ${latencies.length} of ${messages.length} in ${seconds.toFixed(0)} s (${rate.toFixed(0)}/s, about ${left.toFixed(0)} min left)`,
    );
  }, PROGRESS_EVERY_MS);
  try {
    await Promise.all(
      Array.from({ length: options.connections }, async () => {
        let session: ImapSession | undefined;
        try {
          session = await openImapSession({ port: options.port });
          await session.login(options.user, options.password);
          while (next < messages.length) {
            if (performance.now() > deadline)
              throw new Error(`loading took more than ${options.capMs / 1000} s`);
            const message = messages[next++] as BenchMessage;
            const sent = performance.now();
            const reply = await session.append('INBOX', message.raw, { internalDate: message.internalDate });
            if (reply.status !== 'OK') throw new Error(`APPEND: ${reply.status} ${reply.text}`);
            latencies.push(performance.now() - sent);
          }
        } catch (error) {
          errors++;
          firstProblem ??= errorText(error);
        } finally {
          await session?.logout();
        }
      }),
    );
  } finally {
    clearInterval(progress);
  }
  return {
    appended: latencies.length,
    seconds: (performance.now() - started) / 1000,
    latencies,
    errors,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}
