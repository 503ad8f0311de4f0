// A minimal PNG writer (build side, for the app's icons, app-icon.ts): 8-bit RGBA, no interlace, every row
// with filter 0, the pixels deflated by node:zlib. Enough for a few small icons without an image library.
// https://www.w3.org/TR/png-3/ §5 (datastream), §11.2 (IHDR, IDAT, IEND).

import { crc32, deflateSync } from 'node:zlib';

const SIGNATURE = Uint8Array.of(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a);
const BIT_DEPTH = 8;
const COLOUR_TYPE_RGBA = 6;
/** Large enough for any icon a manifest wants (512), small enough that a typo cannot ask for gigabytes. */
const MAX_SIDE = 4096;

/** `rgba` holds width × height pixels, four bytes each, row by row from the top left. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Uint8Array {
  for (const side of [width, height]) {
    if (!Number.isInteger(side) || side < 1 || side > MAX_SIDE) throw new RangeError(`bad PNG side ${side}`);
  }
  if (rgba.length !== width * height * 4) throw new RangeError('pixel data does not match the size');
  const header = new Uint8Array(13);
  const view = new DataView(header.buffer);
  view.setUint32(0, width);
  view.setUint32(4, height);
  header.set([BIT_DEPTH, COLOUR_TYPE_RGBA, 0, 0, 0], 8);
  const rowLength = width * 4;
  const filtered = new Uint8Array(height * (rowLength + 1));
  for (let y = 0; y < height; y += 1) {
    // The filter-type byte (0, none) then the row as it is.
    filtered.set(rgba.subarray(y * rowLength, (y + 1) * rowLength), y * (rowLength + 1) + 1);
  }
  return concat([
    SIGNATURE,
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(filtered)),
    chunk('IEND', new Uint8Array(0)),
  ]);
}

/** Length, type, data, then the CRC of type and data (§5.3). */
function chunk(type: string, data: Uint8Array): Uint8Array {
  const typeBytes = new TextEncoder().encode(type);
  const out = new Uint8Array(12 + data.length);
  const view = new DataView(out.buffer);
  view.setUint32(0, data.length);
  out.set(typeBytes, 4);
  out.set(data, 8);
  view.setUint32(8 + data.length, crc32(out.subarray(4, 8 + data.length)));
  return out;
}

function concat(parts: readonly Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((sum, part) => sum + part.length, 0));
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.length;
  }
  return out;
}
