import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isValidUai, normalizeUai, uaiCheckLetter, uaiOf } from './uai.ts';

test('real UAI codes carry the check letter of their number modulo 23', () => {
  // Lycée Champollion (Grenoble), Lycée du Parc (Lyon), Lycée Louis-le-Grand (Paris).
  for (const uai of ['0380027Y', '0690026D', '0750654D']) assert.equal(isValidUai(uai), true, uai);
  assert.equal(uaiCheckLetter(380027), 'Y');
  assert.equal(uaiOf(27), '0000027E');
});

test('the check alphabet skips I, O and Q', () => {
  const letters = new Set(Array.from({ length: 23 }, (_, n) => uaiCheckLetter(n)));
  assert.equal(letters.size, 23);
  for (const missing of ['I', 'O', 'Q']) assert.equal(letters.has(missing), false);
});

test('typed codes are trimmed and upper-cased; a wrong letter or shape is refused', () => {
  assert.equal(normalizeUai(' 0380027y '), '0380027Y');
  assert.equal(isValidUai('0380027y'), false);
  for (const bad of ['0380027A', '380027Y', '03800270Y', '0380027', 'A380027Y', '0380027YY', '']) {
    assert.equal(normalizeUai(bad), undefined, bad);
  }
});

test('numbers outside seven digits have no check letter', () => {
  assert.throws(() => uaiCheckLetter(10_000_000), RangeError);
  assert.throws(() => uaiCheckLetter(-1), RangeError);
  assert.throws(() => uaiCheckLetter(1.5), RangeError);
});
