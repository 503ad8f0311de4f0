// Test helpers for FETCH over a real socket: messages stored in Paul's inbox with a chosen INTERNALDATE and
// keywords, a byte-exact reader of one response (literals included), and a spy on the mail calls FETCH makes.

import { connect, type Socket } from 'node:net';
import { type ImapFixture, PAUL } from '../imap.fixture.ts';

/** A plain message: no Content-Type, so text/plain; charset=us-ascii (RFC 2045 §5.2). */
export const CONSEIL = [
  'From: Marie Curie <marie@ac-test.fr>',
  'To: Paul Durand <paul@ac-test.fr>',
  'Subject: Conseil de classe',
  'Date: Mon, 1 Sep 2025 08:30:00 +0200',
  'Message-ID: <conseil@ac-test.fr>',
  '',
  'Jeudi 17 h.',
  '',
].join('\r\n');

/** 1 text/plain quoted-printable, 2 application/octet-stream base64 ("Bonjour\0!" decoded). */
export const WITH_ATTACHMENT = [
  'From: Marie Curie <marie@ac-test.fr>',
  'To: paul@ac-test.fr',
  'Subject: Emploi du temps',
  'Date: Wed, 15 Jan 2025 11:00:00 +0100',
  'MIME-Version: 1.0',
  'Content-Type: multipart/mixed; boundary="b1"',
  '',
  '--b1',
  'Content-Type: text/plain; charset=utf-8',
  'Content-Transfer-Encoding: quoted-printable',
  '',
  'Salle B12 =C3=A0 8 h.',
  '--b1',
  'Content-Type: application/octet-stream; name="edt.bin"',
  'Content-Transfer-Encoding: base64',
  '',
  'Qm9uam91cgAh',
  '--b1--',
  '',
].join('\r\n');

/** Store `raw` in Paul's inbox as delivery does, with an INTERNALDATE and keywords. */
export async function store(
  fixture: ImapFixture,
  raw: string,
  options: { readonly receivedAt?: Date; readonly keywords?: string[] } = {},
): Promise<void> {
  await fixture.services.mail.importMessage(fixture.accounts.paul, Buffer.from(raw, 'utf8'), {
    mailboxRole: 'inbox',
    receivedAt: options.receivedAt,
    keywords: options.keywords,
  });
}

/** Every call made to the store's mail service from now on, by method name; restore() puts it back. */
export function spyOnMail(fixture: ImapFixture): { calls: string[]; restore: () => void } {
  const mail = fixture.services.mail as unknown as Record<string, unknown>;
  const calls: string[] = [];
  const originals = new Map<string, unknown>();
  for (const [name, value] of Object.entries(mail)) {
    if (typeof value !== 'function') continue;
    originals.set(name, value);
    mail[name] = (...args: unknown[]) => {
      calls.push(name);
      return (value as (...a: unknown[]) => unknown)(...args);
    };
  }
  return {
    calls,
    restore: () => {
      for (const [name, value] of originals) mail[name] = value;
    },
  };
}

type BlobRead = ImapFixture['services']['blobs']['read'];

/**
 * Replace the blob store's read for the rest of the test: every message byte a FETCH sends comes through it
 * (from the row FETCH loaded, or through getEmailBytes).
 */
export function replaceBlobRead(fixture: ImapFixture, replacement: (original: BlobRead) => BlobRead): void {
  // The store's methods are closures over its folder: they need no `this`.
  const blobs = fixture.services.blobs as unknown as Record<string, unknown>;
  blobs.read = replacement(blobs.read as BlobRead);
}

/** A byte-exact client: responses kept as Buffers, so literal octets are checked as sent. */
export class ByteClient {
  readonly #socket: Socket;
  #buffer = Buffer.alloc(0);
  #isClosed = false;
  #wake: (() => void) | undefined;

  private constructor(socket: Socket) {
    this.#socket = socket;
    socket.on('data', (chunk: Buffer) => {
      this.#buffer = Buffer.concat([this.#buffer, chunk]);
      this.#wake?.();
    });
    socket.on('close', () => {
      this.#isClosed = true;
      this.#wake?.();
    });
  }

  /** Connected, greeted, logged in as Paul, INBOX selected. */
  static async open(port: number): Promise<ByteClient> {
    const socket = connect({ host: '127.0.0.1', port });
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', resolve);
      socket.once('error', reject);
    });
    const client = new ByteClient(socket);
    await client.until(Buffer.from('\r\n'));
    await client.command('l1', `LOGIN ${PAUL.email} ${PAUL.password}`);
    await client.command('l2', 'SELECT INBOX');
    return client;
  }

  /** Everything up to and including the tagged reply. */
  async command(tag: string, command: string): Promise<Buffer> {
    this.#socket.write(`${tag} ${command}\r\n`);
    const marker = Buffer.from(`${tag} `);
    let end = -1;
    await this.#waitFor(() => {
      // The tagged reply starts a line: at the start of what is left, or after a CRLF.
      for (let at = this.#buffer.indexOf(marker); at >= 0; at = this.#buffer.indexOf(marker, at + 1)) {
        if (at > 0 && this.#buffer.toString('latin1', at - 2, at) !== '\r\n') continue;
        const lineEnd = this.#buffer.indexOf('\r\n', at);
        if (lineEnd < 0) return false;
        end = lineEnd + 2;
        return true;
      }
      return false;
    });
    const taken = this.#buffer.subarray(0, end);
    this.#buffer = this.#buffer.subarray(end);
    return taken;
  }

  /** The bytes received until the connection closes. */
  async rest(): Promise<{ readonly bytes: Buffer; readonly isClosed: boolean }> {
    await this.#waitFor(() => this.#isClosed);
    return { bytes: this.#buffer, isClosed: this.#isClosed };
  }

  write(text: string): void {
    this.#socket.write(text);
  }

  destroy(): void {
    this.#socket.destroy();
  }

  /** Everything up to and including `marker`. */
  async until(marker: Buffer): Promise<Buffer> {
    await this.#waitFor(() => this.#buffer.includes(marker));
    const end = this.#buffer.indexOf(marker) + marker.length;
    const taken = this.#buffer.subarray(0, end);
    this.#buffer = this.#buffer.subarray(end);
    return taken;
  }

  async #waitFor(isDone: () => boolean): Promise<void> {
    const deadline = Date.now() + 5_000;
    while (!isDone()) {
      if (this.#isClosed) throw new Error(`connection closed; got ${this.#buffer.toString('latin1')}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out; got ${this.#buffer.toString('latin1').slice(0, 500)}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }
}
