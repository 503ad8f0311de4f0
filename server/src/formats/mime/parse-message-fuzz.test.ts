// Randomised robustness test: corpus messages mutated (truncated, bytes flipped, delimiter lines duplicated and
// moved, line endings changed, slices repeated, messages spliced) must parse without throwing, in bounded time, with
// every offset inside the message. Reproduce a failure with VERCORS_FUZZ_SEED=<seed printed in the message>
// (VERCORS_FUZZ_ROUNDS for longer runs, VERCORS_FUZZ_DUMP=<file> to write out the failing message).

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { partText } from './charset-decoding.ts';
import { parseMessage } from './parse-message.ts';
import type { ParseOptions } from './parsed-message.ts';
import { assertInvariants } from './parse-invariants.fixture.ts';
import { allParts } from './part-tree.ts';
import { sectionRange } from './section-range.ts';
import { threadKeys } from './thread-keys.ts';
import { decodeBody } from './transfer-decoding.ts';
import { seededRandom as random } from '#core/seeded-random';

const TESTDATA = join(import.meta.dirname, 'testdata');
const CORPUS = readdirSync(TESTDATA)
  .filter((file) => file.endsWith('.eml'))
  .sort()
  .map((file) => readFileSync(join(TESTDATA, file)));
const SEED = Number(process.env.VERCORS_FUZZ_SEED ?? 20250303);
const ROUNDS = Number(process.env.VERCORS_FUZZ_ROUNDS ?? 400);
/** A mutated corpus message is at most a few hundred KB; parsing it in more than this means a hang or a blow-up. */
const MAX_PARSE_MS = 3000;

type Mutation = (bytes: Buffer, next: () => number) => Buffer;

const pick = (next: () => number, length: number): number => Math.floor(next() * length);

/** Lines that start with "--": delimiter lines, or lines that look like one. */
function dashLines(bytes: Buffer): Buffer[] {
  const lines: Buffer[] = [];
  for (let start = 0; start < bytes.length; ) {
    let end = bytes.indexOf(0x0a, start);
    end = end < 0 ? bytes.length : end + 1;
    if (bytes[start] === 0x2d && bytes[start + 1] === 0x2d) lines.push(bytes.subarray(start, end));
    start = end;
  }
  return lines;
}

const MUTATIONS: Record<string, Mutation> = {
  truncate: (bytes, next) => bytes.subarray(0, pick(next, bytes.length + 1)),
  flipBytes: (bytes, next) => {
    const copy = Buffer.from(bytes);
    for (let count = 1 + pick(next, 20); count > 0 && copy.length > 0; count--) {
      copy[pick(next, copy.length)] = pick(next, 256);
    }
    return copy;
  },
  insertSpecials: (bytes, next) => {
    const specials = [
      '\r',
      '\n',
      '\r\n',
      '--',
      '\0',
      '\xff',
      '=?',
      '?=',
      ';',
      '"',
      '\\',
      '<',
      '>',
      ':',
      '\t',
    ];
    const at = pick(next, bytes.length + 1);
    const insert = Buffer.from(specials[pick(next, specials.length)] as string, 'latin1');
    return Buffer.concat([bytes.subarray(0, at), insert, bytes.subarray(at)]);
  },
  duplicateDelimiter: (bytes, next) => {
    const lines = dashLines(bytes);
    if (lines.length === 0) return bytes;
    const line = lines[pick(next, lines.length)] as Buffer;
    const at = pick(next, bytes.length + 1);
    const copies = 1 + pick(next, 50);
    return Buffer.concat([bytes.subarray(0, at), ...Array(copies).fill(line), bytes.subarray(at)]);
  },
  removeDelimiter: (bytes, next) => {
    const lines = dashLines(bytes);
    if (lines.length === 0) return bytes;
    const line = lines[pick(next, lines.length)] as Buffer;
    const at = line.byteOffset - bytes.byteOffset;
    return Buffer.concat([bytes.subarray(0, at), bytes.subarray(at + line.length)]);
  },
  deleteRange: (bytes, next) => {
    const start = pick(next, bytes.length + 1);
    const end = start + pick(next, 200);
    return Buffer.concat([bytes.subarray(0, start), bytes.subarray(Math.min(end, bytes.length))]);
  },
  bareLineFeeds: (bytes) => Buffer.from(bytes.toString('latin1').replaceAll('\r\n', '\n'), 'latin1'),
  repeatSlice: (bytes, next) => {
    const start = pick(next, bytes.length + 1);
    const slice = bytes.subarray(start, start + 1 + pick(next, 80));
    const copies = 1 + pick(next, 2000);
    return Buffer.concat([bytes.subarray(0, start), ...Array(copies).fill(slice), bytes.subarray(start)]);
  },
  splice: (bytes, next) => {
    const other = CORPUS[pick(next, CORPUS.length)] as Buffer;
    return Buffer.concat([
      bytes.subarray(0, pick(next, bytes.length + 1)),
      other.subarray(pick(next, other.length + 1)),
    ]);
  },
};
const MUTATION_NAMES = Object.keys(MUTATIONS);

/** Tight limits too, so the code paths that cut structure short see hostile input as well. */
const OPTIONS: ParseOptions[] = [
  { maxParts: 200 },
  { maxParts: 3 },
  { maxDepth: 1 },
  { maxHeaderBytes: 64 },
  {},
];

async function checkMessage(raw: Buffer, label: string, options: ParseOptions): Promise<void> {
  const started = performance.now();
  const parsed = await parseMessage(raw, options);
  const elapsed = performance.now() - started;
  assert.ok(elapsed < MAX_PARSE_MS, `${label}: parse took ${Math.round(elapsed)} ms`);
  try {
    assertInvariants(parsed, raw);
  } catch (error) {
    if (process.env.VERCORS_FUZZ_DUMP) writeFileSync(process.env.VERCORS_FUZZ_DUMP, raw);
    throw new Error(`${label}: ${(error as Error).message}`, { cause: error });
  }
  for (const part of allParts(parsed.structure)) {
    for (const suffix of ['', '.MIME', '.HEADER', '.TEXT']) {
      if (part.partId === '' && suffix !== '') continue;
      const range = sectionRange(parsed, `${part.partId}${suffix}`);
      if (range) assert.ok(range.start >= 0 && range.start <= range.end && range.end <= raw.length, label);
    }
    assert.ok(decodeBody(raw, part).length <= part.bodySize);
    partText(raw, part, 64 * 1024);
  }
  threadKeys(parsed);
}

test('mutated corpus messages never throw, never hang and keep every offset inside the message', {
  timeout: 300_000,
}, async () => {
  const next = random(SEED);
  for (let round = 0; round < ROUNDS; round++) {
    const source = pick(next, CORPUS.length);
    let bytes = CORPUS[source] as Buffer;
    const applied: string[] = [];
    for (let count = 1 + pick(next, 4); count > 0; count--) {
      const name = MUTATION_NAMES[pick(next, MUTATION_NAMES.length)] as string;
      bytes = (MUTATIONS[name] as Mutation)(bytes, next);
      applied.push(name);
    }
    const options = OPTIONS[round % OPTIONS.length] as ParseOptions;
    const label = `seed ${SEED} round ${round} (message ${source}, ${applied.join(' → ')}, ${JSON.stringify(options)})`;
    await checkMessage(bytes, label, options);
  }
});

test('random bytes never throw and never hang', { timeout: 120_000 }, async () => {
  const next = random(SEED + 1);
  const alphabet = Buffer.from(
    '\r\n\r\n--b\r\n: \t=?utf-8?q?=C3?=Content-Type: multipart/mixed; boundary=b\x00\xff<>"',
    'latin1',
  );
  for (let round = 0; round < 100; round++) {
    const length = pick(next, 20_000);
    const bytes = Buffer.alloc(length);
    for (let index = 0; index < length; index++) {
      bytes[index] = next() < 0.7 ? (alphabet[pick(next, alphabet.length)] as number) : pick(next, 256);
    }
    await checkMessage(
      bytes,
      `seed ${SEED + 1} round ${round}`,
      OPTIONS[round % OPTIONS.length] as ParseOptions,
    );
  }
});
