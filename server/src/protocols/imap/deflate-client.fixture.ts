// Test support for COMPRESS=DEFLATE (RFC 4978): a raw IMAP client that does its own raw deflate with
// node:zlib, so tests see the server's compressed stream as a real client does. Reads and writes switch to
// deflate separately: writes as soon as the client decides (it may pipeline compressed commands right after
// COMPRESS), reads once the tagged OK has been read, every byte after it being compressed.

import { connect, type Socket } from 'node:net';
import { constants, createDeflateRaw, createInflateRaw, type DeflateRaw, type InflateRaw } from 'node:zlib';

/** Bounded waits: a line that never comes fails the test instead of hanging it. */
const LINE_WAIT_MS = 10_000;
const CRLF = Buffer.from('\r\n');

export class DeflateImapClient {
  readonly #socket: Socket;
  #received: Buffer = Buffer.alloc(0);
  #waiters: (() => void)[] = [];
  #deflate: DeflateRaw | undefined;
  #inflate: InflateRaw | undefined;
  #isClosed = false;
  #isStreamEnded = false;
  #sink: (chunk: Buffer) => void = (chunk) => this.#socket.write(chunk);
  /** Compressed bytes the server sent, and what they inflated to. */
  compressedBytes = 0;
  inflatedBytes = 0;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      if (this.#inflate === undefined) this.#append(chunk);
      else {
        this.compressedBytes += chunk.length;
        this.#inflate.write(chunk);
      }
    });
    socket.on('close', () => {
      // A finished deflate stream inflates to its end; a cut one is an error: both close the inflater.
      if (this.#inflate === undefined) this.#markClosed();
      else this.#inflate.end();
    });
    socket.on('error', () => undefined);
  }

  static async connect(port: number): Promise<DeflateImapClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    return new DeflateImapClient(socket);
  }

  /** The server closed the TCP connection. */
  get isClosed(): boolean {
    return this.#isClosed;
  }

  /** The server ended its deflate stream properly (Z_FINISH) before closing. */
  get isStreamEnded(): boolean {
    return this.#isStreamEnded;
  }

  /** From now on, what write() sends is compressed (flushed with Z_SYNC_FLUSH after each write). */
  compressWrites(): void {
    this.#deflate = createDeflateRaw();
    this.#deflate.on('data', (chunk: Buffer) => this.#sink(chunk));
  }

  /**
   * Send `plain` (COMPRESS) and, in the same socket write, `text` compressed: the server reads both before
   * it switches, so the compressed part waits in its reader as unread input.
   */
  async writeCompressAndPipeline(plain: string, text: string): Promise<void> {
    this.compressWrites();
    const deflate = this.#deflate!;
    const parts: Buffer[] = [];
    this.#sink = (chunk) => parts.push(chunk);
    deflate.write(text);
    await new Promise<void>((resolve) => deflate.flush(constants.Z_SYNC_FLUSH, () => resolve()));
    this.#sink = (chunk) => this.#socket.write(chunk);
    if (parts.length === 0) throw new Error('the deflater produced nothing before its flush callback');
    this.#socket.write(Buffer.concat([Buffer.from(plain), ...parts]));
  }

  /** From now on (right after the tagged OK of COMPRESS was read) the server's bytes are inflated. */
  inflateReads(): void {
    const inflate = createInflateRaw();
    this.#inflate = inflate;
    inflate.on('data', (chunk: Buffer) => {
      this.inflatedBytes += chunk.length;
      this.#append(chunk);
    });
    inflate.on('end', () => {
      this.#isStreamEnded = true;
      this.#wake();
    });
    inflate.on('error', () => undefined);
    inflate.on('close', () => this.#markClosed());
    // Bytes that came in the same packet as the OK are compressed already.
    const rest = this.#received;
    this.#received = Buffer.alloc(0);
    this.compressedBytes += rest.length;
    inflate.write(rest);
  }

  write(data: string | Buffer): void {
    const deflate = this.#deflate;
    if (deflate === undefined) {
      this.#socket.write(data);
      return;
    }
    deflate.write(data);
    deflate.flush(constants.Z_SYNC_FLUSH);
  }

  /** Send `tag command` and collect lines up to the tagged reply (included). */
  command(tag: string, command: string): Promise<string[]> {
    this.write(`${tag} ${command}\r\n`);
    return this.readUntil((line) => line.startsWith(`${tag} `));
  }

  /** Lines until one matches (included); latin1, so message octets come back one char per byte. */
  async readUntil(isLast: (line: string) => boolean): Promise<string[]> {
    const lines: string[] = [];
    const deadline = Date.now() + LINE_WAIT_MS;
    for (;;) {
      const at = this.#received.indexOf(CRLF);
      if (at >= 0) {
        const line = this.#received.subarray(0, at).toString('latin1');
        this.#received = this.#received.subarray(at + 2);
        lines.push(line);
        if (isLast(line)) return lines;
        continue;
      }
      const left = deadline - Date.now();
      if (this.#isClosed || left <= 0) {
        const why = this.#isClosed ? 'connection closed' : `no matching line within ${LINE_WAIT_MS} ms`;
        throw new Error(`${why}; got ${JSON.stringify(lines)}`);
      }
      await this.#nextEvent(left);
    }
  }

  /** Resolves when the server has closed the connection (or after `ms`). */
  async closed(ms = LINE_WAIT_MS): Promise<boolean> {
    const deadline = Date.now() + ms;
    while (!this.#isClosed && Date.now() < deadline) await this.#nextEvent(deadline - Date.now());
    return this.#isClosed;
  }

  destroy(): void {
    this.#deflate?.destroy();
    this.#inflate?.destroy();
    this.#socket.destroy();
  }

  #markClosed(): void {
    this.#isClosed = true;
    this.#wake();
  }

  #append(chunk: Buffer): void {
    this.#received = Buffer.concat([this.#received, chunk]);
    this.#wake();
  }

  #nextEvent(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(resolve, ms);
      this.#waiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  #wake(): void {
    for (const waiter of this.#waiters.splice(0)) waiter();
  }
}
