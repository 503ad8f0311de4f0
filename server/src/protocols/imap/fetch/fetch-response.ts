// One message's `* n FETCH (…)` response (RFC 9051 §7.5.2, RFC 7162 MODSEQ, RFC 8474 EMAILID/THREADID,
// RFC 8514 SAVEDATE, RFC 8970 PREVIEW, RFC 3516 BINARY) from what the store recorded, without reparsing.
// prepareFetchResponse() resolves every body item first (sizes known, BINARY refusals found before a byte
// is written); chunks() then yields the response, streaming large literals from the store chunk by chunk,
// so at most one message's small sections are held in memory (KEEP_IN_MEMORY_BELOW each).

import assert from 'node:assert/strict';
import type { EmailStructure } from '#domain/mail';
import type { EncoderOptions, ResponseWriter } from '../wire/encoder.ts';
import type { SectionSpec } from '../wire/section-spec.ts';
import { type BinaryRefusal, binarySection, binarySize } from './binary.ts';
import { writeBodyStructure } from './body-structure.ts';
import { writeEnvelope } from './envelope.ts';
import { type FetchItem, type FetchRequest, responseName } from './fetch-items.ts';
import { FetchLine } from './fetch-line.ts';
import {
  bodySection,
  cachedHeaderSection,
  isCachedHeaderSection,
  type StoredMessage,
} from './section-bytes.ts';
import {
  bodyChunks,
  bodyHasNul,
  bodySize,
  rangeBody,
  rangeFromMemory,
  type ReadBytes,
  readRangeNow,
  type SectionBody,
  sliceBody,
} from './section-body.ts';

/** One message as FETCH sees it: its mailbox data, what import recorded, and a reader of its octets. */
export interface FetchMessage {
  readonly seq: number;
  readonly uid: number;
  /** Flags and keywords as FLAGS sends them (`\Seen`, `$Forwarded`). */
  readonly flags: readonly string[];
  /** INTERNALDATE, ms since the epoch. */
  readonly internalDate: number;
  /** RFC822.SIZE: octets of the stored message. */
  readonly size: number;
  readonly modseq: number | bigint;
  readonly emailId: string;
  readonly threadId: string | undefined;
  /** Needed when FetchRequest.needsStructure; may be left out otherwise. */
  readonly structure: EmailStructure | undefined;
  /** Email.preview, for PREVIEW (RFC 8970); undefined answers NIL. */
  readonly preview?: string | undefined;
  /** When the message was saved in this mailbox (RFC 8514); undefined answers NIL, as the RFC allows. */
  readonly savedAt?: number | undefined;
  /** Email.headerCache when FetchRequest.readsHeaderCache: cached HEADER.FIELDS come from it. */
  readonly headerCache?: Uint8Array | null | undefined;
  readonly read: ReadBytes;
  /** The whole stored message when it came with the row (EmailSummary.content): what `read` would give. */
  readonly bytes?: Uint8Array | undefined;
}

export interface FetchResponseOptions extends EncoderOptions {
  /** IMAP4rev2 enabled: message/global parts get their full BODYSTRUCTURE form. */
  readonly isImap4rev2: boolean;
  /** UID FETCH: UID is sent even when not asked for (RFC 9051 §6.4.8). */
  readonly includeUid: boolean;
  /** The fetch just set \Seen: FLAGS is sent even when not asked for (RFC 9051 §6.4.5 SHOULD). */
  readonly includeFlags: boolean;
  /** Zone INTERNALDATE and SAVEDATE are written in, minutes east of UTC. */
  readonly zoneMinutes: number;
}

export type PreparedFetch =
  | {
      readonly isRefused: false;
      /** The response at once, when every item is in memory (no literal streamed from the store). */
      readonly now: (() => Buffer[]) | undefined;
      readonly chunks: () => AsyncIterable<Buffer>;
    }
  | ({ readonly isRefused: true } & BinaryRefusal);

/** An item ready to write: a value written in place, or octets with their size known. */
type ReadyItem =
  | { readonly name: string; readonly write: (writer: ResponseWriter) => void }
  | { readonly name: string; readonly body: SectionBody; readonly isBinary: boolean };

/**
 * Stored octets up to this many per message are read while the response is prepared (a message's BODY[] as
 * phones fetch it, one at a time): one store read, and the response written at once instead of streamed.
 * With the messages prepared ahead (commands/fetch.ts READ_AHEAD) a FETCH holds at most 8 times this.
 */
const READ_AT_ONCE = 64 * 1024;
/** Text written past this goes out before the next item: thousands of ENVELOPE addresses are not held. */
const TAKE_TEXT_ABOVE = 64 * 1024;
/** RFC 8970 §3: a preview is at most 256 characters. */
const MAX_PREVIEW_CHARS = 256;
/** objectid (RFC 8474 §6): what EMAILID and THREADID may hold. */
export const OBJECT_ID = /^[A-Za-z0-9_-]{1,255}$/;
const HEADER: SectionSpec = { part: [], text: 'HEADER', fields: [] };
const TEXT: SectionSpec = { part: [], text: 'TEXT', fields: [] };

/** Resolve the items of `request` for one message; a BINARY item that cannot be answered refuses the FETCH. */
export async function prepareFetchResponse(
  message: FetchMessage,
  request: FetchRequest,
  options: FetchResponseOptions,
): Promise<PreparedFetch> {
  const ready: ReadyItem[] = [];
  let budget = READ_AT_ONCE;
  for (const item of orderedItems(request, options)) {
    const prepared = await prepareItem(message, item, options);
    if ('isRefused' in prepared) return prepared;
    if ('body' in prepared && prepared.body.kind === 'range' && bodySize(prepared.body) <= budget) {
      budget -= bodySize(prepared.body);
      ready.push({ ...prepared, body: await readRangeNow(prepared.body) });
    } else ready.push(prepared);
  }
  const isInMemory = ready.every((item) => 'write' in item || item.body.kind === 'bytes');
  return {
    isRefused: false,
    now: isInMemory ? () => lineInMemory(message.seq, ready, options) : undefined,
    chunks: () => writeLine(message.seq, ready, options),
  };
}

/** UID first (always there for UID FETCH), FLAGS next when \Seen was just set, then the items as asked. */
export function orderedItems(request: FetchRequest, options: FetchResponseOptions): FetchItem[] {
  const asked = request.items;
  const has = (kind: string) => asked.some((item) => item.kind === kind);
  const first: FetchItem[] = [];
  if (options.includeUid || has('UID')) first.push({ kind: 'UID' });
  if (options.includeFlags && !has('FLAGS')) first.push({ kind: 'FLAGS' });
  return [...first, ...asked.filter((item) => item.kind !== 'UID')];
}

async function prepareItem(
  message: FetchMessage,
  item: FetchItem,
  options: FetchResponseOptions,
): Promise<ReadyItem | ({ readonly isRefused: true } & BinaryRefusal)> {
  const name = responseName(item);
  switch (item.kind) {
    case 'RFC822':
      return { name, body: wholeBody(message), isBinary: false };
    case 'RFC822.HEADER':
      return { name, body: await bodySection(stored(message), HEADER, undefined), isBinary: false };
    case 'RFC822.TEXT':
      return { name, body: await bodySection(stored(message), TEXT, undefined), isBinary: false };
    case 'section':
      return prepareSection(message, name, item.section);
    default:
      return { name, write: valueWriter(message, item, options) };
  }
}

async function prepareSection(
  message: FetchMessage,
  name: string,
  { item, section, partial }: Extract<FetchItem, { kind: 'section' }>['section'],
): Promise<ReadyItem | ({ readonly isRefused: true } & BinaryRefusal)> {
  if (item === 'BODY' || item === 'BODY.PEEK') {
    if (message.headerCache && isCachedHeaderSection(section)) {
      return {
        name,
        body: cachedHeaderSection(message.headerCache, section, partial),
        isBinary: false,
      };
    }
    // BODY[] needs no structure: FetchRequest.needsStructure is false for it.
    const body = isWholeMessage(section)
      ? sliceBody(wholeBody(message), partial)
      : await bodySection(stored(message), section, partial);
    return { name, body, isBinary: false };
  }
  const binary = { ...stored(message), mayHoldNul: message.structure?.defects?.includes('nulBytes') ?? true };
  if (item === 'BINARY.SIZE') {
    const outcome = await binarySize(binary, section);
    return outcome.isRefused ? outcome : { name, write: (writer) => writer.number(outcome.size) };
  }
  const outcome = await binarySection(binary, section, partial);
  return outcome.isRefused ? outcome : { name, body: outcome.body, isBinary: true };
}

/** Writes the value of an item that is not a body section. */
function valueWriter(
  message: FetchMessage,
  item: FetchItem,
  options: FetchResponseOptions,
): (writer: ResponseWriter) => void {
  switch (item.kind) {
    case 'UID':
      return (writer) => writer.number(message.uid);
    case 'FLAGS':
      return (writer) => writer.atomList(message.flags);
    case 'INTERNALDATE':
      return (writer) => writer.dateTime(message.internalDate, options.zoneMinutes);
    case 'RFC822.SIZE':
      return (writer) => writer.number(message.size);
    // The structure is looked up now, while nothing is written: its absence must not cut a line short.
    case 'ENVELOPE': {
      const { envelope } = structureOf(message);
      return (writer) => writeEnvelope(writer, envelope);
    }
    case 'BODYSTRUCTURE':
    case 'BODY': {
      const root = structureOf(message).structure;
      const shape = { isExtensible: item.kind === 'BODYSTRUCTURE', isImap4rev2: options.isImap4rev2 };
      return (writer) => writeBodyStructure(writer, root, shape);
    }
    case 'MODSEQ':
      return (writer) => writer.openList().number(message.modseq).closeList();
    case 'EMAILID':
      assert.match(message.emailId, OBJECT_ID, 'an email id is an RFC 8474 objectid');
      return (writer) => writer.openList().atom(message.emailId).closeList();
    case 'THREADID': {
      // RFC 8474 §5.2: NIL for a message the server does not thread.
      const { threadId } = message;
      if (threadId === undefined) return (writer) => writer.nil();
      assert.match(threadId, OBJECT_ID, 'a thread id is an RFC 8474 objectid');
      return (writer) => writer.openList().atom(threadId).closeList();
    }
    case 'SAVEDATE':
      return (writer) =>
        message.savedAt === undefined ? writer.nil() : writer.dateTime(message.savedAt, options.zoneMinutes);
    case 'PREVIEW':
      return (writer) =>
        writer.nstring(
          message.preview === undefined
            ? undefined
            : [...message.preview].slice(0, MAX_PREVIEW_CHARS).join(''),
        );
    case 'RFC822':
    case 'RFC822.HEADER':
    case 'RFC822.TEXT':
    case 'section':
      return assert.fail(`${item.kind} is a body item, prepared by prepareItem`);
  }
}

/** The response line: values in place, small octets as literals, large ones streamed after `{n}`. */
async function* writeLine(
  seq: number,
  items: readonly ReadyItem[],
  options: EncoderOptions,
): AsyncIterable<Buffer> {
  const line = new FetchLine(seq, options);
  for (const item of items) {
    const writer = line.item(item.name);
    // Values, empty sections and octets already in memory go in the line itself; the rest is streamed.
    if ('write' in item || item.body.kind === 'bytes' || bodySize(item.body) === 0)
      writeInPlace(writer, item);
    else {
      const { body, isBinary } = item;
      yield* line.literalPrefix(bodySize(body), isBinary && bodyHasNul(body));
      for await (const chunk of bodyChunks(body))
        yield Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    }
    if (line.pendingBytes > TAKE_TEXT_ABOVE) yield* line.take();
  }
  yield* line.end();
}

/**
 * The whole response at once, when every item is answered from the loaded row: values, header fields from
 * the header cache (what clients list a folder with), and BODY[] or RFC822 of a message whose octets came
 * with the row (what a phone opens a message with). undefined when an item needs stored octets the row did
 * not bring, which prepareFetchResponse() then reads. No promise per item: the common listing FETCH costs a
 * few microseconds per message instead of a trip through the event loop per item.
 */
export function fetchResponseNow(
  message: FetchMessage,
  request: FetchRequest,
  options: FetchResponseOptions,
): Buffer[] | undefined {
  const ready: ReadyItem[] = [];
  for (const item of orderedItems(request, options)) {
    const now = itemNow(message, item, options);
    if (now === undefined) return undefined;
    ready.push(now);
  }
  return lineInMemory(message.seq, ready, options);
}

/** The response of items that are all values or octets in memory. */
function lineInMemory(seq: number, ready: readonly ReadyItem[], options: EncoderOptions): Buffer[] {
  const line = new FetchLine(seq, options);
  const chunks: Buffer[] = [];
  for (const item of ready) {
    writeInPlace(line.item(item.name), item);
    if (line.pendingBytes > TAKE_TEXT_ABOVE) chunks.push(...line.take());
  }
  chunks.push(...line.end());
  return chunks;
}

function itemNow(
  message: FetchMessage,
  item: FetchItem,
  options: FetchResponseOptions,
): ReadyItem | undefined {
  switch (item.kind) {
    case 'RFC822':
      return message.bytes === undefined
        ? undefined
        : { name: responseName(item), body: inMemory(wholeBody(message), message.bytes), isBinary: false };
    case 'RFC822.HEADER':
    case 'RFC822.TEXT':
      return undefined;
    case 'section': {
      const { item: kind, section, partial } = item.section;
      if (kind !== 'BODY' && kind !== 'BODY.PEEK') return undefined;
      if (message.headerCache && isCachedHeaderSection(section)) {
        const body = cachedHeaderSection(message.headerCache, section, partial);
        return { name: responseName(item), body, isBinary: false };
      }
      // A phone's BODY[] of a small message: its octets came with the row.
      if (message.bytes === undefined || !isWholeMessage(section)) return undefined;
      const body = inMemory(sliceBody(wholeBody(message), partial), message.bytes);
      return { name: responseName(item), body, isBinary: false };
    }
    default:
      return { name: responseName(item), write: valueWriter(message, item, options) };
  }
}

function writeInPlace(writer: ResponseWriter, item: ReadyItem): void {
  if ('write' in item) {
    item.write(writer);
    return;
  }
  const { body, isBinary } = item;
  // An empty section is "" (Crispin: a zero-length quoted string rather than a zero-length literal).
  if (bodySize(body) === 0) writer.string('');
  else {
    assert.ok(body.kind === 'bytes', 'only octets in memory are written in place');
    if (isBinary && bodyHasNul(body)) writer.literal8(body.bytes);
    else writer.literal(body.bytes);
  }
}

/** BODY[] and RFC822: the stored message, all of it. */
function wholeBody(message: FetchMessage): SectionBody {
  return rangeBody(message.read, { start: 0, end: message.size }, message.size);
}

function isWholeMessage(section: SectionSpec): boolean {
  return section.part.length === 0 && section.text === undefined;
}

/** A range of the message taken from its octets in memory; any other body as it is. */
function inMemory(body: SectionBody, bytes: Uint8Array): SectionBody {
  return body.kind === 'range' ? rangeFromMemory(body, bytes) : body;
}

function stored(message: FetchMessage): StoredMessage {
  return { size: message.size, structure: structureOf(message).structure, read: message.read };
}

function structureOf(message: FetchMessage): EmailStructure {
  // The command loads the structure whenever FetchRequest.needsStructure says so: its absence is a bug.
  assert.ok(message.structure !== undefined, 'FETCH item needs the EmailStructure the command did not load');
  return message.structure;
}
