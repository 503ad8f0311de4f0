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

  constructor(session: CommandSession) {
    this.#session = session;
  }

  /** Keep whole chunks without writing; true when enough is pending that the caller should flush(). */
  append(chunks: readonly Buffer[]): boolean {
    for (const chunk of chunks) {
      this.#pending.push(chunk);
      this.#pendingBytes += chunk.length;
    }
    return this.#pendingBytes >= FLUSH_ABOVE;
  }

  async write(chunk: Buffer): Promise<void> {
    this.#pending.push(chunk);
    this.#pendingBytes += chunk.length;
    if (this.#pendingBytes >= FLUSH_ABOVE) await this.flush();
  }

  /** Everything written so far goes to the socket; resolves when the socket can take more. */
  async flush(): Promise<void> {
    if (this.#pending.length === 0) return;
    const chunks = this.#pending;
    this.#pending = [];
    this.#pendingBytes = 0;
    await this.#session.send(chunks);
  }
}
