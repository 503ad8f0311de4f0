import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ByteCollector } from './byte-collector.ts';

describe('ByteCollector', () => {
  it('hands back a piece that arrived whole without copying it', () => {
    const collector = new ByteCollector();
    const piece = Buffer.alloc(10_000, 1);
    collector.append(piece);
    assert.equal(collector.take(), piece);
    assert.equal(collector.length, 0);
  });

  it('joins trickled and large pieces in order', () => {
    const collector = new ByteCollector();
    const expected: Buffer[] = [];
    for (let i = 0; i < 40_000; i++) {
      const piece = i % 5000 === 0 ? Buffer.alloc(6000, i % 251) : Buffer.from([i % 251]);
      expected.push(piece);
      collector.append(piece);
    }
    assert.deepEqual(collector.peekStart(3), Buffer.concat(expected).subarray(0, 3));
    assert.deepEqual(collector.take(), Buffer.concat(expected));
  });

  it('does not let a later append change bytes already taken', () => {
    const collector = new ByteCollector();
    collector.append(Buffer.from('abc'));
    const first = collector.take();
    collector.append(Buffer.from('xyz'));
    assert.equal(first.toString(), 'abc');
    assert.equal(collector.take().toString(), 'xyz');
  });
});
