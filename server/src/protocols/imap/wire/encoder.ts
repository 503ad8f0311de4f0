// Writes IMAP responses (RFC 9051 §7, §9) as Buffer chunks for one socket write: strings go quoted or as
// literals depending on their content and the client's UTF-8 mode, literal octets travel as chunks of their
// own (a message body is never copied), status lines carry response codes. ENVELOPE and BODYSTRUCTURE are
// built with this writer by their own modules.

import { isUtf8 } from 'node:buffer';
import { formatDateTime } from './date-time.ts';
import type { SequenceSet } from './sequence-set.ts';
import { ASTRING_CHAR } from './tokens.ts';

export interface EncoderOptions {
  /** IMAP4rev2 or UTF8=ACCEPT is on: UTF-8 may go in quoted strings and text (RFC 9051, RFC 6855). */
  readonly utf8: boolean;
}

export type Status = 'OK' | 'NO' | 'BAD' | 'PREAUTH' | 'BYE';

/** A response code argument: an atom written as is, a number, a sequence set, or a list of atoms. */
export type CodeArgument = string | number | bigint | SequenceSet | readonly string[];

export interface ResponseCode {
  readonly name: string;
  readonly args?: readonly CodeArgument[];
}

/**
 * Escapes a quoted string may carry before a literal is shorter: a literal costs `{n}` + CRLF, an escape one
 * byte each (Dovecot's QUOTED_MAX_ESCAPE_CHARS reasoning for strings of two-digit length).
 */
const MAX_QUOTED_ESCAPES = 4;
/** Chunks under this size are joined into one Buffer by finish(): fewer, larger socket writes. */
const MERGE_BELOW_BYTES = 16 * 1024;
const ASCII: EncoderOptions = { utf8: false };

export class ResponseWriter {
  readonly #utf8: boolean;
  #chunks: Buffer[] = [];
  #chunkBytes = 0;
  #text = '';
  #needsSpace = false;

  constructor(options: EncoderOptions = ASCII) {
    this.#utf8 = options.utf8;
  }

  /** Bytes written so far and not yet finished (approximate for UTF-8 text): flush a long FETCH in batches. */
  get pendingBytes(): number {
    return this.#chunkBytes + this.#text.length;
  }

  /** `* ` */
  untagged(): this {
    return this.#startLine('* ');
  }

  /** `A1 ` */
  tagged(tag: string): this {
    return this.#startLine(`${tag} `);
  }

  /** `+ ` */
  continuation(): this {
    return this.#startLine('+ ');
  }

  /** Written as is: the caller guarantees atom syntax (keywords, flags, `BODY[1.TEXT]<0>`). */
  atom(text: string): this {
    this.#separate();
    this.#text += text;
    return this;
  }

  number(value: number | bigint): this {
    return this.atom(String(value));
  }

  nil(): this {
    return this.atom('NIL');
  }

  /** string: quoted when it can be, else a literal (CR, LF, NUL, 8-bit for a rev1 client, many escapes). */
  string(value: string | Buffer): this {
    const quoted = typeof value === 'string' ? this.#quoteText(value) : this.#quoteBytes(value);
    if (quoted !== undefined) return this.atom(quoted);
    return this.literal(typeof value === 'string' ? Buffer.from(value, 'utf8') : value);
  }

  /** astring: a bare atom when that is unambiguous, else a string. */
  astring(value: string): this {
    if (value.length > 0 && value.toUpperCase() !== 'NIL' && isAstringText(value)) return this.atom(value);
    return this.string(value);
  }

  /** nstring: NIL for null/undefined. */
  nstring(value: string | Buffer | null | undefined): this {
    return value === null || value === undefined ? this.nil() : this.string(value);
  }

  /** `{n}` CRLF and the octets, which become a chunk of their own (not copied). */
  literal(bytes: Buffer): this {
    return this.#literal('', bytes);
  }

  /** literal8 `~{n}` for BINARY data holding NUL (RFC 3516 §4.2). */
  literal8(bytes: Buffer): this {
    return this.#literal('~', bytes);
  }

  /** A quoted date-time (INTERNALDATE). */
  dateTime(epochMs: number, zoneMinutes: number): this {
    return this.atom(`"${formatDateTime(epochMs, zoneMinutes)}"`);
  }

  openList(): this {
    this.#separate();
    this.#text += '(';
    this.#needsSpace = false;
    return this;
  }

  closeList(): this {
    this.#text += ')';
    this.#needsSpace = true;
    return this;
  }

  /**
   * The next token follows without a space: lists that the grammar puts back to back, as `body-type-mpart`'s
   * `1*body` and `env-from`'s `1*address` do (`(...)(...)`, RFC 9051 §9).
   */
  joined(): this {
    this.#needsSpace = false;
    return this;
  }

  /** `(a b c)` of atoms written as is. */
  atomList(items: readonly string[]): this {
    this.openList();
    for (const item of items) this.atom(item);
    return this.closeList();
  }

  /** `[NAME args]` */
  code(code: ResponseCode): this {
    this.atom(`[${code.name}`);
    for (const arg of code.args ?? []) {
      if (typeof arg === 'string' || typeof arg === 'number' || typeof arg === 'bigint')
        this.atom(String(arg));
      else if (isStringList(arg)) this.atomList(arg);
      else this.atom(arg.format());
    }
    this.#text += ']';
    return this;
  }

  /**
   * Human-readable text after a status: CR, LF and NUL become spaces, 8-bit becomes `?` for a rev1 client, and
   * a leading `[` gets a space before it so it cannot pass for a response code.
   */
  text(human: string): this {
    let safe = human.replace(/[\r\n\0]/g, ' ');
    if (!this.#utf8) safe = safe.replace(/[^\x00-\x7f]/g, '?');
    if (safe === '') safe = 'Completed';
    return this.atom(safe.startsWith('[') ? ` ${safe}` : safe);
  }

  endLine(): this {
    this.#text += '\r\n';
    this.#needsSpace = false;
    return this;
  }

  /** Everything written, as chunks to write in order; the writer starts over empty. */
  finish(): Buffer[] {
    const chunks = this.take();
    this.#needsSpace = false;
    return chunks;
  }

  /** Everything written so far, as chunks to write in order; the line goes on where it was. */
  take(): Buffer[] {
    this.#flushText();
    const chunks = mergeSmallChunks(this.#chunks);
    this.#chunks = [];
    this.#chunkBytes = 0;
    return chunks;
  }

  #startLine(prefix: string): this {
    this.#text += prefix;
    this.#needsSpace = false;
    return this;
  }

  #separate(): void {
    if (this.#needsSpace) this.#text += ' ';
    this.#needsSpace = true;
  }

  #literal(prefix: string, bytes: Buffer): this {
    this.atom(`${prefix}{${bytes.length}}\r\n`);
    this.#flushText();
    if (bytes.length > 0) {
      this.#chunks.push(bytes);
      this.#chunkBytes += bytes.length;
    }
    return this;
  }

  #flushText(): void {
    if (this.#text === '') return;
    const chunk = Buffer.from(this.#text, 'utf8');
    this.#chunks.push(chunk);
    this.#chunkBytes += chunk.length;
    this.#text = '';
  }

  /** The quoted form, or undefined when the text needs a literal. */
  #quoteText(value: string): string | undefined {
    let escapes = 0;
    for (let i = 0; i < value.length; i++) {
      const code = value.charCodeAt(i);
      if (code === 0x0d || code === 0x0a || code === 0) return undefined;
      if (code >= 0x80 && !this.#utf8) return undefined;
      if ((code === 0x22 || code === 0x5c) && ++escapes > MAX_QUOTED_ESCAPES) return undefined;
    }
    // Lone surrogates would become U+FFFD in the UTF-8 Buffer; the string keeps its length either way.
    return escapes === 0 ? `"${value}"` : `"${value.replace(/["\\]/g, '\\$&')}"`;
  }

  #quoteBytes(value: Buffer): string | undefined {
    let escapes = 0;
    let hasEightBit = false;
    for (let i = 0; i < value.length; i++) {
      const byte = value[i]!;
      if (byte === 0x0d || byte === 0x0a || byte === 0) return undefined;
      if (byte >= 0x80) hasEightBit = true;
      if ((byte === 0x22 || byte === 0x5c) && ++escapes > MAX_QUOTED_ESCAPES) return undefined;
    }
    // 8-bit octets go quoted only as well-formed UTF-8 to a client that accepts it (RFC 9051 QUOTED-CHAR).
    if (hasEightBit && (!this.#utf8 || !isUtf8(value))) return undefined;
    return this.#quoteText(value.toString(hasEightBit ? 'utf8' : 'latin1'));
  }
}

/** One status line: `A1 OK [READ-WRITE] SELECT completed`. */
export function taggedStatus(
  tag: string,
  status: Status,
  text: string,
  code?: ResponseCode,
  options: EncoderOptions = ASCII,
): Buffer {
  return statusLine(new ResponseWriter(options).tagged(tag), status, text, code);
}

/** `* OK [UIDVALIDITY 3857529045] UIDs valid`, `* BYE Logging out`. */
export function untaggedStatus(
  status: Status,
  text: string,
  code?: ResponseCode,
  options: EncoderOptions = ASCII,
): Buffer {
  return statusLine(new ResponseWriter(options).untagged(), status, text, code);
}

/** `* 3 EXISTS`: untagged data made only of atoms and numbers, written as given. */
export function untaggedData(text: string): Buffer {
  return Buffer.from(`* ${text}\r\n`, 'latin1');
}

/** `+ Ready` for a literal, or `+ <base64>` for a SASL challenge (empty: `+ `). */
export function continuationRequest(text = 'Ready'): Buffer {
  return Buffer.from(`+ ${text.replace(/[\r\n]/g, ' ')}\r\n`, 'utf8');
}

function statusLine(
  writer: ResponseWriter,
  status: Status,
  text: string,
  code: ResponseCode | undefined,
): Buffer {
  writer.atom(status);
  if (code !== undefined) writer.code(code);
  return Buffer.concat(writer.text(text).endLine().finish());
}

/** ASTRING-CHARs only (7-bit, RFC 9051 §9): no quoting needed. */
function isAstringText(value: string): boolean {
  for (let i = 0; i < value.length; i++) if (ASTRING_CHAR[value.charCodeAt(i)] !== 1) return false;
  return true;
}

function isStringList(arg: SequenceSet | readonly string[]): arg is readonly string[] {
  return Array.isArray(arg);
}

function mergeSmallChunks(chunks: readonly Buffer[]): Buffer[] {
  const merged: Buffer[] = [];
  let run: Buffer[] = [];
  const endRun = () => {
    if (run.length > 0) merged.push(run.length === 1 ? run[0]! : Buffer.concat(run));
    run = [];
  };
  for (const chunk of chunks) {
    if (chunk.length < MERGE_BELOW_BYTES) run.push(chunk);
    else {
      endRun();
      merged.push(chunk);
    }
  }
  endRun();
  return merged;
}
