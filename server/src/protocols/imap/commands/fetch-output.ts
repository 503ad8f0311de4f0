// FETCH output gathered into socket writes of about FLUSH_ABOVE octets: `FETCH 1:* (UID FLAGS)` on 10,000
// messages makes a few dozen writes rather than 10,000, and a streamed literal still reaches the socket every
// FLUSH_ABOVE octets, each write waiting for the client to keep up (CommandSession.send's back-pressure).

import type { CommandSession } from '../command.ts';

/** 64 KiB: large enough to amortise a write, small enough that a connection holds little unsent data. */
const FLUSH_ABOVE = 64 * 1024;

export class ResponseOutput {
  readonly #session: CommandSession;
  #pending: Buffer[] = [];
  #pendingBytes = 0;
  /** The last chunks kept, while each began where the one before ended: one chunk for all of them. */
  #run: { readonly memory: ArrayBufferLike; readonly start: number; end: number } | undefined;

  constructor(session: CommandSession) {
    this.#session = session;
  }

  /** Keep whole chunks without writing; true when enough is pending that the caller should flush(). */
  append(chunks: readonly Buffer[]): boolean {
    for (const chunk of chunks) this.#keep(chunk);
    return this.#pendingBytes >= FLUSH_ABOVE;
  }

  async write(chunk: Buffer): Promise<void> {
    this.#keep(chunk);
    if (this.#pendingBytes >= FLUSH_ABOVE) await this.flush();
  }

  /** Everything written so far goes to the socket; resolves when the socket can take more. */
  async flush(): Promise<void> {
    this.#endRun();
    if (this.#pending.length === 0) return;
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#session.send(chunks);
  }

  /** A chunk that starts where the last one ends in the same memory (ResponseArena lines) extends it. */
  #keep(chunk: Buffer): void {
    this.#pendingBytes += chunk.length;
    const run = this.#run;
    if (run !== undefined && run.memory === chunk.buffer && run.end === chunk.byteOffset) {
      run.end += chunk.length;
      return;
    }
    this.#endRun();
    this.#run = { memory: chunk.buffer, start: chunk.byteOffset, end: chunk.byteOffset + chunk.length };
  }

  #endRun(): void {
    const run = this.#run;
    if (run === undefined) return;
    this.#run = undefined;
    this.#pending.push(Buffer.from(run.memory, run.start, run.end - run.start));
  }
}
