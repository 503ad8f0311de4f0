// The arena against a plain model: lines of random pieces (short and long text, single octets, ranges of
// sources, numbers) read back exactly, and lines handed out earlier stay intact while new buffers fill.

import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { seededRandom } from '#core/seeded-random';
import { ResponseArena } from './response-arena.ts';

describe('ResponseArena', () => {
  it('writes every piece as the model does, short or long, and keeps earlier lines intact', () => {
    const random = seededRandom(20261201);
    const below = (limit: number) => Math.floor(random() * limit);
    const source = Buffer.from(Array.from({ length: 300 }, (_, index) => (index * 37) % 256));
    const arena = new ResponseArena();
    const lines: { readonly line: Buffer; readonly expected: Buffer }[] = [];
    for (let round = 0; round < 400; round++) {
      arena.begin();
      const model: Buffer[] = [];
      for (let piece = 0, count = below(12); piece < count; piece++) {
        const choice = below(4);
        if (choice === 0) {
          // Around the length where the arena stops copying octet by octet.
          const text = 'A FETCH (x)'.repeat(1 + below(8)).slice(0, below(70));
          arena.ascii(text);
          model.push(Buffer.from(text, 'latin1'));
        } else if (choice === 1) {
          const octet = below(256);
          arena.byte(octet);
          model.push(Buffer.of(octet));
        } else if (choice === 2) {
          const start = below(source.length);
          const end = start + below(120);
          arena.bytes(source, start, end);
          // Past the source's end is cut to it, as Buffer's copy did.
          model.push(source.subarray(start, Math.min(end, source.length)));
        } else {
          const value = below(2) === 0 ? below(10) : below(2 ** 40);
          arena.decimal(value);
          model.push(Buffer.from(String(value), 'latin1'));
        }
      }
      lines.push({ line: arena.finish(), expected: Buffer.concat(model) });
    }
    for (const [index, { line, expected }] of lines.entries())
      assert.deepEqual(line, expected, `line ${index}`);
  });

  it('writes a plain Uint8Array source, in part and whole', () => {
    const arena = new ResponseArena();
    const source = new Uint8Array(
      Buffer.from('* 1 FETCH (FLAGS (\\Seen) BODY[HEADER.FIELDS (SUBJECT)] {20}'),
    );
    arena.begin();
    arena.bytes(source, 2, 9).byte(0x20).bytes(source).bytes(source, 5, 5);
    assert.equal(arena.finish().toString('latin1'), `1 FETCH ${Buffer.from(source).toString('latin1')}`);
  });
});
