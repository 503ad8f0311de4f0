import assert from 'node:assert/strict';
import { test } from 'node:test';
import { crc32, inflateSync } from 'node:zlib';
import { encodePng } from './png-encoder.ts';

/** The chunks of a PNG, each CRC checked. */
function chunks(png: Uint8Array): { type: string; data: Uint8Array }[] {
  const view = new DataView(png.buffer, png.byteOffset, png.byteLength);
  const out: { type: string; data: Uint8Array }[] = [];
  for (let at = 8; at < png.length; ) {
    const length = view.getUint32(at);
    const type = new TextDecoder().decode(png.subarray(at + 4, at + 8));
    const data = png.subarray(at + 8, at + 8 + length);
    assert.equal(
      view.getUint32(at + 8 + length),
      crc32(png.subarray(at + 4, at + 8 + length)),
      `${type} CRC`,
    );
    out.push({ type, data });
    at += 12 + length;
  }
  return out;
}

test('a PNG of RGBA pixels: signature, header, the pixels back once inflated', () => {
  const rgba = Uint8Array.from([
    255, 0, 0, 255, 0, 255, 0, 128, 0, 0, 255, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
  ]);
  const png = encodePng(3, 2, rgba);
  assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  const parts = chunks(png);
  assert.deepEqual(
    parts.map((part) => part.type),
    ['IHDR', 'IDAT', 'IEND'],
  );
  const header = new DataView(parts[0]!.data.buffer, parts[0]!.data.byteOffset, 13);
  assert.deepEqual(
    [header.getUint32(0), header.getUint32(4), ...parts[0]!.data.subarray(8)],
    [3, 2, 8, 6, 0, 0, 0],
  );
  const raw = inflateSync(parts[1]!.data);
  // Each row: filter byte 0, then its 3 pixels.
  assert.deepEqual([...raw], [0, ...rgba.subarray(0, 12), 0, ...rgba.subarray(12)]);
});

test('sizes and pixel counts that do not match are refused', () => {
  assert.throws(() => encodePng(2, 2, new Uint8Array(15)), /does not match/);
  assert.throws(() => encodePng(0, 1, new Uint8Array(0)), /bad PNG side/);
  assert.throws(() => encodePng(1.5, 1, new Uint8Array(6)), /bad PNG side/);
  assert.throws(() => encodePng(100_000, 1, new Uint8Array(400_000)), /bad PNG side/);
});
