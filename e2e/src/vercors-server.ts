// Run `vercors` as a real child process for end-to-end tests: a clean environment (no VERCORS_* leaking
// from the developer's shell), captured output, and waits that are always bounded in time.

import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

export const VERCORS_CLI = join(import.meta.dirname, '..', '..', 'server', 'src', 'cli', 'vercors.ts');

/** Every listener the program knows, off unless a test turns it on. */
export const ALL_LISTENERS_OFF = {
  VERCORS_LISTEN_HTTP: '',
  VERCORS_LISTEN_HTTPS: '',
  VERCORS_LISTEN_SMTP: '',
  VERCORS_LISTEN_SUBMISSIONS: '',
  VERCORS_LISTEN_SUBMISSION: '',
  VERCORS_LISTEN_IMAP: '',
  VERCORS_LISTEN_IMAPS: '',
  VERCORS_LISTEN_MANAGESIEVE: '',
} as const;

export interface VercorsProcess {
  readonly child: ChildProcess;
  readonly pid: number;
  stdout(): string;
  stderr(): string;
  /** Resolves once the process has exited. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** Wait until stdout+stderr match `pattern` (counting from `from` characters in); rejects at the deadline. */
  waitForOutput(pattern: RegExp, timeoutMs: number, from?: number): Promise<string>;
  /** SIGKILL if still running (for `after` hooks); its workers stop when their IPC channel closes. */
  kill(): void;
}

export function startVercors(
  args: readonly string[],
  options: { env: Record<string, string>; execArgv?: readonly string[] },
): VercorsProcess {
  const env: Record<string, string> = {};
  for (const [name, value] of Object.entries(process.env)) {
    if (value !== undefined && !name.startsWith('VERCORS_') && !name.startsWith('NODE_TEST'))
      env[name] = value;
  }
  const child = spawn(process.execPath, [...(options.execArgv ?? []), VERCORS_CLI, ...args], {
    env: { ...env, ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  let err = '';
  const waiters = new Set<() => void>();
  const changed = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout?.on('data', (chunk: Buffer) => {
    out += chunk.toString();
    changed();
  });
  child.stderr?.on('data', (chunk: Buffer) => {
    err += chunk.toString();
    changed();
  });
  let hasExited = false;
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once('exit', (code, signal) => {
      hasExited = true;
      resolve({ code, signal });
      changed();
    });
  });
  const all = () => `${out}\n${err}`;

  return {
    child,
    pid: child.pid ?? 0,
    stdout: () => out,
    stderr: () => err,
    exited,
    waitForOutput(pattern, timeoutMs, from = 0) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(all().slice(from));
          if (match) {
            done();
            resolve(match[0]);
          } else if (hasExited) {
            done();
            reject(new Error(`vercors exited before printing ${pattern}:\n${all()}`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`no ${pattern} within ${timeoutMs} ms:\n${all()}`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    kill() {
      if (!hasExited) child.kill('SIGKILL');
    },
  };
}

/** Resolve `promise`, or reject after `ms` with `what` in the message. */
export async function within<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: nothing within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
