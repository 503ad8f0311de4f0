// A conformance child process: a .ts script run with this very Node binary, its stdout read line by line.
// Every wait is bounded in time, and a child still running when the case ends is killed.

import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { setTimeout as sleep } from 'node:timers/promises';
import { fileURLToPath } from 'node:url';

/** How often a wait re-checks the lines read so far. */
const POLL_MS = 5;
/** Node's compile cache makes the second and later child starts several times faster (kysely is ~400 modules). */
const COMPILE_CACHE = join(tmpdir(), 'vercors-node-compile-cache');

export interface ChildExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ChildScript {
  readonly lines: string[] = [];
  readonly exited: Promise<ChildExit>;
  readonly #child: ChildProcessWithoutNullStreams;
  #stderr = '';
  #hasExited = false;

  constructor(script: URL, args: readonly string[]) {
    const env = { NODE_COMPILE_CACHE: COMPILE_CACHE, ...process.env };
    this.#child = spawn(process.execPath, [fileURLToPath(script), ...args], { stdio: 'pipe', env });
    createInterface({ input: this.#child.stdout }).on('line', (line) => this.lines.push(line));
    this.#child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
      this.#stderr += chunk;
    });
    // 'close' comes after stdout ended, so `lines` is complete once `exited` settles.
    this.exited = new Promise((resolve) => {
      this.#child.on('close', (code, signal) => {
        this.#hasExited = true;
        resolve({ code, signal });
      });
    });
  }

  get stderr(): string {
    return this.#stderr;
  }

  /** Wait until `predicate` holds for the lines read so far; fail on timeout or if the child exits first. */
  async waitFor(
    predicate: (lines: readonly string[]) => boolean,
    timeoutMs: number,
    what: string,
  ): Promise<void> {
    const deadline = performance.now() + timeoutMs;
    while (!predicate(this.lines)) {
      if (this.#hasExited) throw new Error(`child exited before ${what}:\n${this.#stderr}`);
      if (performance.now() > deadline)
        throw new Error(`child did not reach ${what} in ${timeoutMs} ms:\n${this.#stderr}`);
      await sleep(POLL_MS);
    }
  }

  send(line: string): void {
    this.#child.stdin.write(`${line}\n`);
  }

  kill(signal: NodeJS.Signals = 'SIGKILL'): void {
    if (!this.#hasExited) this.#child.kill(signal);
  }
}
