import assert from 'node:assert/strict';
import { test } from 'node:test';
import { colourOf } from './folder-colours.ts';

test('palette names and #rrggbb show; anything else shows nothing', () => {
  assert.equal(colourOf('green'), '#18753c');
  assert.equal(colourOf('#A1B2C3'), '#A1B2C3');
  assert.equal(colourOf(null), undefined);
  assert.equal(colourOf('url(javascript:alert(1))'), undefined);
  assert.equal(colourOf('toString'), undefined);
  assert.equal(colourOf('#fff'), undefined);
});
