// Test support for FETCH: messages built from lines and parsed by the real import parser into the
// EmailStructure the store keeps, a byte reader that serves them in small chunks and records what was read,
// and a strict reader of IMAP response values (RFC 9051 §9) to check that what we write parses back.

import assert from 'node:assert/strict';
import type { EmailStructure } from '#domain/mail';
import { parseMessage } from '#formats/mime';
import { type EncoderOptions, ResponseWriter } from '../wire/encoder.ts';
import type { ReadBytes } from './section-body.ts';

/** A message from its lines, joined with CRLF. */
export function messageOf(lines: readonly string[]): Buffer {
  return Buffer.from(lines.join('\r\n'), 'utf8');
}

export interface StoredFixture {
  readonly raw: Buffer;
  readonly structure: EmailStructure;
  readonly read: ReadBytes;
  /** Every range read so far. */
  readonly reads: { start: number; end: number }[];
}

/** Parse `raw` as import does and serve it `chunkSize` octets at a time. */
export async function storedOf(raw: Buffer, chunkSize = 7): Promise<StoredFixture> {
  const parsed = await parseMessage(raw);
  const structure: EmailStructure = {
    headerSize: parsed.headerSize,
    lineCount: parsed.lineCount,
    structure: parsed.structure,
    envelope: parsed.envelope,
    attachments: parsed.attachments,
    listId: parsed.listId ?? null,
    defects: parsed.defects,
  };
  const reads: { start: number; end: number }[] = [];
  const read: ReadBytes = (range) => {
    reads.push({ start: range.start, end: range.end });
    return Promise.resolve(chunked(raw.subarray(range.start, range.end), chunkSize));
  };
  return { raw, structure, read, reads };
}

async function* chunked(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let offset = 0; offset < bytes.length; offset += size) {
    await Promise.resolve();
    yield new Uint8Array(bytes.subarray(offset, offset + size));
  }
}

export async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Buffer> {
  const parts: Uint8Array[] = [];
  for await (const chunk of chunks) parts.push(chunk);
  return Buffer.concat(parts);
}

/** What `write` puts on the wire, as UTF-8 text. */
export function written(
  write: (writer: ResponseWriter) => void,
  options: EncoderOptions = { utf8: false },
): string {
  const writer = new ResponseWriter(options);
  write(writer);
  return Buffer.concat(writer.finish()).toString('utf8');
}

/** A response value read back: lists are arrays, NIL null, strings strings, numbers numbers, other atoms `{ atom }`. */
export type ImapValue = null | string | number | { readonly atom: string } | ImapValue[];

/** Every value of `text` (one or more, space separated), read with the RFC 9051 grammar, strictly. */
export function readValues(text: string | Buffer): ImapValue[] {
  const bytes = typeof text === 'string' ? Buffer.from(text, 'utf8') : text;
  const reader = { bytes, at: 0 };
  const values: ImapValue[] = [];
  while (reader.at < bytes.length) {
    if (values.length > 0) expectChar(reader, ' ');
    values.push(readValue(reader));
  }
  return values;
}

interface ValueReader {
  readonly bytes: Buffer;
  at: number;
}

/**
 * For each list read, the indexes of items that followed a list with no space between them, `)(`: the grammar
 * wants that for a multipart's parts (`1*body`) and an address list (`1*address`), and a space elsewhere.
 */
const joinedItems = new WeakMap<ImapValue[], Set<number>>();

function readValue(reader: ValueReader): ImapValue {
  const char = String.fromCharCode(reader.bytes[reader.at] ?? 0);
  if (char === '(') {
    reader.at++;
    const items: ImapValue[] = [];
    const joined = new Set<number>();
    while (reader.bytes[reader.at] !== 0x29) {
      if (Array.isArray(items.at(-1)) && reader.bytes[reader.at] === 0x28) joined.add(items.length);
      else if (items.length > 0) expectChar(reader, ' ');
      items.push(readValue(reader));
    }
    reader.at++;
    joinedItems.set(items, joined);
    return items;
  }
  if (char === '"') return readQuoted(reader);
  if (char === '{' || char === '~') return readLiteral(reader);
  const match = /^[^\s()"{]+/.exec(reader.bytes.toString('latin1', reader.at, reader.at + 1000));
  assert.ok(
    match,
    `value expected at ${reader.at}: ${reader.bytes.toString('latin1', reader.at, reader.at + 20)}`,
  );
  reader.at += match[0].length;
  if (match[0] === 'NIL') return null;
  return /^[0-9]+$/.test(match[0]) ? Number(match[0]) : { atom: match[0] };
}

function readQuoted(reader: ValueReader): string {
  const octets: number[] = [];
  for (reader.at++; reader.bytes[reader.at] !== 0x22; reader.at++) {
    const byte = reader.bytes[reader.at];
    assert.ok(byte !== undefined && byte !== 0x0d && byte !== 0x0a, 'quoted string not closed on its line');
    if (byte === 0x5c) reader.at++;
    octets.push(reader.bytes[reader.at]!);
  }
  reader.at++;
  return Buffer.from(octets).toString('utf8');
}

function readLiteral(reader: ValueReader): string {
  const match = /^~?\{([0-9]+)\}\r\n/.exec(reader.bytes.toString('latin1', reader.at, reader.at + 30));
  assert.ok(match, 'literal {n} CRLF expected');
  const start = reader.at + match[0].length;
  reader.at = start + Number(match[1]);
  assert.ok(reader.at <= reader.bytes.length, 'literal longer than the response');
  return reader.bytes.toString('utf8', start, reader.at);
}

function expectChar(reader: ValueReader, char: string): void {
  assert.equal(String.fromCharCode(reader.bytes[reader.at] ?? 0), char, `"${char}" expected at ${reader.at}`);
  reader.at++;
}

/**
 * Checks a BODY or BODYSTRUCTURE value against the RFC 9051 grammar (body-type-1part, body-type-mpart and
 * their extension data) the way a strict client parser reads it; returns the number of parts seen.
 */
export function checkBodyShape(value: ImapValue, isExtensible: boolean, isImap4rev2 = false): number {
  assert.ok(Array.isArray(value), 'a body is a list');
  if (Array.isArray(value[0])) {
    let index = 0;
    let parts = 0;
    const joined = joinedItems.get(value);
    while (Array.isArray(value[index])) {
      assert.ok(
        index === 0 || joined?.has(index),
        `part ${index + 1} follows the one before without a space`,
      );
      parts += checkBodyShape(value[index++]!, isExtensible, isImap4rev2);
    }
    assert.equal(typeof value[index++], 'string', 'multipart subtype');
    if (isExtensible) {
      checkParams(value[index++]!);
      checkExtensionTail(value.slice(index));
    } else assert.equal(value.length, index, 'BODY carries no extension data');
    return parts;
  }
  const [type, subtype, params, id, description, encoding, size] = value;
  assert.equal(typeof type, 'string');
  assert.equal(typeof subtype, 'string');
  checkParams(params!);
  assert.ok(id === null || typeof id === 'string');
  assert.ok(description === null || typeof description === 'string');
  assert.equal(typeof encoding, 'string');
  assert.equal(typeof size, 'number');
  let index = 7;
  const kind = `${String(type).toLowerCase()}/${String(subtype).toLowerCase()}`;
  // RFC 9051 gives message/global the same form; RFC 3501 only message/rfc822.
  if (kind === 'message/rfc822' || (kind === 'message/global' && isImap4rev2)) {
    const envelope = value[index];
    assert.ok(Array.isArray(envelope) && envelope.length === 10, 'message/rfc822 has an envelope');
    checkBodyShape(value[index + 1]!, isExtensible, isImap4rev2);
    assert.equal(typeof value[index + 2], 'number', 'message/rfc822 line count');
    index += 3;
  } else if (String(type).toLowerCase() === 'text') {
    assert.equal(typeof value[index++], 'number', 'text line count');
  }
  if (isExtensible) {
    assert.ok(value[index] === null || typeof value[index] === 'string', 'body MD5');
    checkExtensionTail(value.slice(index + 1));
  } else assert.equal(value.length, index, 'BODY carries no extension data');
  return 1;
}

function checkParams(params: ImapValue): void {
  if (params === null) return;
  assert.ok(Array.isArray(params) && params.length > 0 && params.length % 2 === 0, 'parameter pairs');
  for (const item of params) assert.equal(typeof item, 'string', 'parameters are strings');
}

function checkExtensionTail(tail: ImapValue[]): void {
  assert.equal(tail.length, 3, 'disposition, language and location');
  const [disposition, language, location] = tail;
  if (disposition !== null) {
    assert.ok(Array.isArray(disposition) && disposition.length === 2 && typeof disposition[0] === 'string');
    checkParams(disposition[1]!);
  }
  assert.ok(
    language === null || (Array.isArray(language) && language.every((tag) => typeof tag === 'string')),
  );
  assert.ok(location === null || typeof location === 'string');
}
