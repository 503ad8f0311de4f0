import assert from 'node:assert/strict';
import { test } from 'node:test';
import { iconPixels, iconPng, iconSvg } from './app-icon.ts';

const SIZE = 96;
const pixel = (pixels: Uint8Array, x: number, y: number) => [
  ...pixels.subarray((y * SIZE + x) * 4, (y * SIZE + x) * 4 + 4),
];
const WHITE = [255, 255, 255, 255];
const ACCENT = [0, 0, 0x91, 255];

test('the "any" icon: a white V on a blue rounded square, transparent corners', () => {
  const pixels = iconPixels('any', SIZE);
  assert.deepEqual(pixel(pixels, 0, 0), [0, 0, 0, 0]);
  assert.deepEqual(pixel(pixels, SIZE - 1, SIZE - 1), [0, 0, 0, 0]);
  // The middle of the left side is blue, the V's base (x 50, y 75 of 100) white, the notch (50, 35) blue.
  assert.deepEqual(pixel(pixels, 2, SIZE / 2), ACCENT);
  assert.deepEqual(pixel(pixels, SIZE / 2, Math.round(SIZE * 0.75)), WHITE);
  assert.deepEqual(pixel(pixels, SIZE / 2, Math.round(SIZE * 0.35)), ACCENT);
  // Edges are smoothed: some pixels are partly covered.
  assert.ok([...pixels].some((value, index) => index % 4 === 3 && value > 0 && value < 255));
});

test('the maskable icon fills the square and keeps the V inside the safe circle', () => {
  const pixels = iconPixels('maskable', SIZE);
  for (const [x, y] of [
    [0, 0],
    [SIZE - 1, 0],
    [0, SIZE - 1],
    [SIZE - 1, SIZE - 1],
  ] as const) {
    assert.deepEqual(pixel(pixels, x, y), ACCENT);
  }
  let whites = 0;
  for (let y = 0; y < SIZE; y += 1) {
    for (let x = 0; x < SIZE; x += 1) {
      const [red] = pixel(pixels, x, y);
      if (red === 0) continue;
      whites += 1;
      const distance = Math.hypot(x + 0.5 - SIZE / 2, y + 0.5 - SIZE / 2);
      assert.ok(distance <= SIZE * 0.4, `V pixel ${x},${y} outside the safe circle`);
    }
  }
  assert.ok(whites > SIZE * SIZE * 0.1, 'the V is drawn');
});

test('the SVG and the PNG are the same drawing', () => {
  const svg = iconSvg('any');
  assert.match(svg, /^<svg xmlns="http:\/\/www\.w3\.org\/2000\/svg" viewBox="0 0 100 100">/);
  assert.match(svg, /<rect width="100" height="100" rx="22" fill="#000091"\/>/);
  assert.match(
    svg,
    /<polygon points="14,30 27,18 38,30 50,58 62,30 73,18 86,30 57,80 43,80" fill="#ffffff"\/>/,
  );
  assert.doesNotMatch(iconSvg('maskable'), /rx=/);
  const png = iconPng('any', 192);
  assert.equal(new DataView(png.buffer, png.byteOffset).getUint32(16), 192);
});
