// The FETCH a client lists a folder with, written straight into a ResponseArena: `* n FETCH (UID … FLAGS (…)
// RFC822.SIZE … INTERNALDATE "…" BODY[HEADER.FIELDS (…)] {n} …)`, with nothing allocated per message but the
// view of its line. These are the octets fetchResponseNow() writes for the same message (a test compares them
// item by item); the items are worked out once per request. Anything else (another item, a partial section,
// a message without a header cache or with a NUL in it) is left to fetchResponseNow().

import { keptHeaderLines, rangesSize } from '#formats/mime';
import { formatDateTime } from '../wire/date-time.ts';
import { type FetchItem, type FetchRequest, responseName } from './fetch-items.ts';
import { type FetchMessage, type FetchResponseOptions, OBJECT_ID, orderedItems } from './fetch-response.ts';
import type { ResponseArena } from './response-arena.ts';
import { isCachedHeaderSection } from './section-bytes.ts';

type ValueKind = 'UID' | 'FLAGS' | 'RFC822.SIZE' | 'INTERNALDATE' | 'MODSEQ' | 'EMAILID' | 'THREADID';
const VALUE_KINDS: ReadonlySet<string> = new Set<ValueKind>([
  'UID',
  'FLAGS',
  'RFC822.SIZE',
  'INTERNALDATE',
  'MODSEQ',
  'EMAILID',
  'THREADID',
]);

/** One item to write: its name (after a space unless first), then its value for the message. */
type Step =
  | { readonly kind: ValueKind; readonly head: string }
  | { readonly kind: 'headerFields'; readonly head: string; readonly fields: readonly string[] };

/** Steps per request and per UID/FLAGS inclusion (the two options that change the items); null: not a listing. */
const STEPS = new WeakMap<FetchRequest, Map<number, readonly Step[] | null>>();
/** ` (\Seen $Forwarded)` per flag list: the FETCH shares one list per distinct set of keywords. */
const FLAG_BYTES = new WeakMap<readonly string[], Buffer>();

/** The message's response line as a view of `arena`, or undefined when fetchResponseNow() must write it. */
export function writeListingResponse(
  arena: ResponseArena,
  message: FetchMessage,
  request: FetchRequest,
  options: FetchResponseOptions,
): Buffer | undefined {
  const steps = stepsOf(request, options);
  if (steps === undefined) return undefined;
  arena.begin();
  arena.ascii('* ').decimal(message.seq).ascii(' FETCH (');
  for (const step of steps) {
    arena.ascii(step.head);
    if (!writeValue(arena, message, step, options)) return undefined;
  }
  arena.ascii(')\r\n');
  return arena.finish();
}

function writeValue(
  arena: ResponseArena,
  message: FetchMessage,
  step: Step,
  options: FetchResponseOptions,
): boolean {
  switch (step.kind) {
    case 'UID':
      arena.ascii(' ').decimal(message.uid);
      return true;
    case 'FLAGS':
      arena.bytes(flagBytes(message.flags));
      return true;
    case 'RFC822.SIZE':
      arena.ascii(' ').decimal(message.size);
      return true;
    case 'INTERNALDATE':
      writeDateTime(arena, message.internalDate, options.zoneMinutes);
      return true;
    case 'MODSEQ':
      arena.ascii(' (').decimal(message.modseq).ascii(')');
      return true;
    case 'EMAILID':
      return writeObjectId(arena, message.emailId);
    case 'THREADID':
      if (message.threadId !== undefined) return writeObjectId(arena, message.threadId);
      arena.ascii(' NIL');
      return true;
    case 'headerFields':
      return writeHeaderFields(arena, message.headerCache, step.fields);
  }
}

/** ` (id)`; an id that is no RFC 8474 objectid goes to the other path, which asserts it. */
function writeObjectId(arena: ResponseArena, id: string): boolean {
  if (!OBJECT_ID.test(id)) return false;
  arena.ascii(' (').ascii(id).ascii(')');
  return true;
}

/** The cached fields as a literal, `""` when none is there (as the other path writes an empty section). */
function writeHeaderFields(
  arena: ResponseArena,
  cache: Uint8Array | null | undefined,
  fields: readonly string[],
): boolean {
  // A NUL would have to be replaced (section-body.ts replaceNul): the other path does that.
  if (!cache || cache.includes(0)) return false;
  const lines = keptHeaderLines(cache, fields, false);
  const size = rangesSize(lines);
  if (size === 0) {
    arena.ascii(' ""');
    return true;
  }
  arena.ascii(' {').decimal(size).ascii('}\r\n');
  for (let index = 0; index < lines.length; index += 2) arena.bytes(cache, lines[index], lines[index + 1]);
  return true;
}

const DAY_MS = 86_400_000;
const QUOTE = 0x22;
const SPACE = 0x20;
const COLON = 0x3a;

/** `DD-Mon-YYYY` of the local days written lately (undefined: no four-digit year), by day from the epoch. */
const DAY_TEXTS = new Map<number, Uint8Array | undefined>();
/** Days kept: decades of mail; past it the cache starts again, so memory stays bounded. */
const MAX_DAY_TEXTS = 20_000;
/** ` +HHMM"` per zone: whole minutes within a day either side of UTC (zoneOffsets()), so a few thousand at most. */
const ZONE_BYTES = new Map<number, Uint8Array>();

/** formatDateTime() in quotes, digit by digit: `"17-Jul-1996 02:44:25 -0700"`. */
function writeDateTime(arena: ResponseArena, epochMs: number, zoneMinutes: number): void {
  const local = epochMs + zoneMinutes * 60_000;
  const day = Math.floor(local / DAY_MS);
  let text = DAY_TEXTS.get(day);
  if (text === undefined && !DAY_TEXTS.has(day)) {
    if (DAY_TEXTS.size >= MAX_DAY_TEXTS) DAY_TEXTS.clear();
    text = dayText(day);
    DAY_TEXTS.set(day, text);
  }
  if (text === undefined || !Number.isFinite(local)) {
    // Four-digit years only here; formatDateTime() writes any other year as it can.
    arena.ascii(` "${formatDateTime(epochMs, zoneMinutes)}"`);
    return;
  }
  const seconds = Math.floor((local - day * DAY_MS) / 1000);
  arena
    .byte(SPACE)
    .byte(QUOTE)
    .bytes(text)
    .byte(SPACE)
    .padded(Math.floor(seconds / 3600), 2)
    .byte(COLON)
    .padded(Math.floor(seconds / 60) % 60, 2)
    .byte(COLON)
    .padded(seconds % 60, 2)
    .bytes(zoneBytes(zoneMinutes));
}

/** `DD-Mon-YYYY` of a day counted from the epoch (formatDateTime()'s); undefined for a year without four digits. */
function dayText(day: number): Uint8Array | undefined {
  const year = new Date(day * DAY_MS).getUTCFullYear();
  if (!(year >= 0 && year <= 9999)) return undefined;
  return Buffer.from(formatDateTime(day * DAY_MS, 0).slice(0, 'DD-Mon-YYYY'.length), 'latin1');
}

/** ` +HHMM"`: formatDateTime()'s zone, then the closing quote. */
function zoneBytes(zoneMinutes: number): Uint8Array {
  let bytes = ZONE_BYTES.get(zoneMinutes);
  if (bytes === undefined) {
    bytes = Buffer.from(` ${formatDateTime(0, zoneMinutes).slice(-'+HHMM'.length)}"`, 'latin1');
    ZONE_BYTES.set(zoneMinutes, bytes);
  }
  return bytes;
}

function flagBytes(flags: readonly string[]): Buffer {
  let bytes = FLAG_BYTES.get(flags);
  if (bytes === undefined) {
    bytes = Buffer.from(` (${flags.join(' ')})`, 'utf8');
    FLAG_BYTES.set(flags, bytes);
  }
  return bytes;
}

function stepsOf(request: FetchRequest, options: FetchResponseOptions): readonly Step[] | undefined {
  const key = (options.includeUid ? 1 : 0) + (options.includeFlags ? 2 : 0);
  let byOptions = STEPS.get(request);
  if (byOptions === undefined) {
    byOptions = new Map();
    STEPS.set(request, byOptions);
  }
  let steps = byOptions.get(key);
  if (steps === undefined) {
    steps = compileSteps(orderedItems(request, options));
    byOptions.set(key, steps);
  }
  return steps ?? undefined;
}

function compileSteps(items: readonly FetchItem[]): readonly Step[] | null {
  const steps: Step[] = [];
  for (const item of items) {
    const head = `${steps.length === 0 ? '' : ' '}${responseName(item)}`;
    if (item.kind === 'section') {
      const { item: kind, section, partial } = item.section;
      const isHeaderFields =
        (kind === 'BODY' || kind === 'BODY.PEEK') && partial === undefined && isCachedHeaderSection(section);
      if (!isHeaderFields) return null;
      steps.push({ kind: 'headerFields', head, fields: section.fields });
    } else if (VALUE_KINDS.has(item.kind)) {
      steps.push({ kind: item.kind as ValueKind, head });
    } else return null;
  }
  return steps;
}
