// The primary's side of the node's one-time preparation (prepare-once.ts): fork the child, hand it the
// configuration in service, wait for its answer and its exit. The child's log lines go to the same standard
// output and error as the primary's; a failure comes back as the error the child met.

import { fork } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import type { ConfigSnapshot } from './config-snapshot.ts';
import { errorOf, isPrepareReply, type PrepareReply, type PrepareRequest } from './prepare-message.ts';
import type { DemoLogins } from './serve-report.ts';

const PREPARE_SCRIPT = fileURLToPath(new URL('./prepare-main.ts', import.meta.url));

export interface PrepareInChildOptions {
  /** The environment of every process of the node (it carries --data and --config). */
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly snapshot: ConfigSnapshot;
  readonly isDemo: boolean;
}

/** Prepare the node in a child process; resolves once the child has exited, with what demo seeding reported. */
export async function prepareInChild(options: PrepareInChildOptions): Promise<DemoLogins | undefined> {
  const env = Object.fromEntries(Object.entries(options.env).filter(([, value]) => value !== undefined));
  const child = fork(PREPARE_SCRIPT, [], { env, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
  let reply: PrepareReply | undefined;
  child.on('message', (message: unknown) => {
    if (isPrepareReply(message)) reply ??= message;
  });
  // 'close' comes after the exit and after the IPC channel has delivered everything the child sent.
  const ended = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve, reject) => {
    child.once('error', reject);
    child.once('close', (code: number | null, signal: NodeJS.Signals | null) => resolve({ code, signal }));
  });
  const request: PrepareRequest = {
    kind: 'prepare',
    snapshot: options.snapshot,
    isDemo: options.isDemo,
    primaryPid: process.pid,
  };
  // A child that dies before reading this is reported below, from its exit.
  child.send(request, undefined, undefined, () => {});
  const { code, signal } = await ended;
  if (!reply) {
    throw new Error(
      `the preparation process ended without an answer (exit code ${code ?? 'none'}, signal ${signal ?? 'none'})`,
    );
  }
  if (reply.kind === 'failed') throw errorOf(reply.failure);
  return reply.demo ?? undefined;
}
