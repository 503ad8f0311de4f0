import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { collect } from './fetch.fixture.ts';
import {
  bodyChunks,
  bodySize,
  KEEP_IN_MEMORY_BELOW,
  type ReadBytes,
  readRangeNow,
  replaceNul,
  type SectionBody,
  skipAndTake,
  sliceBody,
  transformedBody,
} from './section-body.ts';

async function* pieces(...texts: string[]): AsyncIterable<Uint8Array> {
  for (const text of texts) {
    await Promise.resolve();
    yield Buffer.from(text);
  }
}

async function* chunksOf(bytes: Buffer, start: number, end: number, size: number): AsyncIterable<Uint8Array> {
  for (let at = start; at < end; at += size) {
    await Promise.resolve();
    yield bytes.subarray(at, Math.min(end, at + size));
  }
}

const readerOf =
  (bytes: Buffer, size: number): ReadBytes =>
  (range) =>
    Promise.resolve(chunksOf(bytes, range.start, range.end, size));

describe('octets of a section', () => {
  const cases: [string, number, number, string][] = [
    ['skips across chunk boundaries', 4, 3, 'efg'],
    ['takes up to the end', 8, 100, 'ij'],
    ['takes nothing past the end', 20, 5, ''],
    ['takes from the start', 0, 2, 'ab'],
  ];
  for (const [behaviour, skip, take, expected] of cases) {
    it(behaviour, async () => {
      assert.equal(
        (await collect(skipAndTake(pieces('abc', 'def', 'ghij'), skip, take))).toString(),
        expected,
      );
    });
  }

  it('slices a stream body by skipping into it, keeping its size exact', async () => {
    const body: SectionBody = {
      kind: 'stream',
      size: 10,
      hasNul: false,
      open: () => pieces('abc', 'def', 'ghij'),
    };
    const sliced = sliceBody(body, { offset: 2, length: 5 });
    assert.equal(bodySize(sliced), 5);
    assert.equal((await collect(bodyChunks(sliced))).toString(), 'cdefg');
  });

  it('returns a chunk without NUL unchanged, and a copy with 0x80 for each NUL', () => {
    const clean = Buffer.from('abc');
    assert.equal(replaceNul(clean), clean);
    const dirty = Buffer.from([0, 1, 0]);
    assert.deepEqual([...replaceNul(dirty)], [0x80, 1, 0x80]);
    assert.deepEqual([...dirty], [0, 1, 0], 'the stored chunk is not changed');
  });

  it('finds a NUL in a plain Uint8Array view, as node:sqlite returns content', () => {
    const memory = new Uint8Array([0, 0x61, 0x62, 0, 0x63]);
    assert.deepEqual([...replaceNul(memory.subarray(1, 3))], [0x61, 0x62]);
    assert.deepEqual([...replaceNul(memory.subarray(1))], [0x61, 0x62, 0x80, 0x63]);
    assert.equal(memory[3], 0, 'the stored chunk is not changed');
  });

  it('reads a range into memory from several chunks, NULs replaced, and fails on a short store', async () => {
    const stored = Buffer.from('abc\0defghij');
    const read = await readRangeNow({
      kind: 'range',
      range: { start: 2, end: 9 },
      read: readerOf(stored, 3),
    });
    assert.deepEqual(read, { kind: 'bytes', bytes: Buffer.from('c\x80defgh', 'latin1'), hasNul: false });
    // A store that gives more than asked is cut at the range's end.
    const generous: ReadBytes = () => Promise.resolve(pieces('abcd', 'efgh'));
    const cut = await readRangeNow({ kind: 'range', range: { start: 0, end: 6 }, read: generous });
    assert.equal(cut.kind === 'bytes' && cut.bytes.toString(), 'abcdef');
    await assert.rejects(
      readRangeNow({ kind: 'range', range: { start: 0, end: 20 }, read: readerOf(stored, 4) }),
      /ended after 11 of 20 octets/,
    );
  });

  it('keeps a small transformed section in memory and measures a large one', async () => {
    const upper = async function* (input: AsyncIterable<Uint8Array>) {
      for await (const chunk of input)
        yield Buffer.from(Buffer.from(chunk).toString('latin1').toUpperCase(), 'latin1');
    };
    const small = Buffer.from('abc');
    const kept = await transformedBody(readerOf(small, 2), { start: 0, end: 3 }, upper, {
      replacesNul: true,
    });
    assert.equal(kept.kind, 'bytes');
    assert.equal((await collect(bodyChunks(kept))).toString(), 'ABC');
    const large = Buffer.alloc(KEEP_IN_MEMORY_BELOW + 1, 'a');
    const measured = await transformedBody(readerOf(large, 4096), { start: 0, end: large.length }, upper, {
      replacesNul: true,
    });
    assert.equal(measured.kind, 'stream');
    assert.equal(bodySize(measured), large.length);
    assert.deepEqual(await collect(bodyChunks(measured)), Buffer.alloc(large.length, 'A'));
  });
});
