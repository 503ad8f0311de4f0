import assert from 'node:assert/strict';
import { test } from 'node:test';
import { looksLike, PREVIEW_LIMITS, previewKind } from './attachment-preview.ts';

test('images, PDF and text are previewed under their bounds; other types are downloads', () => {
  assert.equal(previewKind('image/png', 'photo.png', 1000), 'image');
  assert.equal(previewKind('IMAGE/JPEG', null, 1000), 'image');
  assert.equal(previewKind('application/pdf', 'devoir.pdf', 1000), 'pdf');
  assert.equal(previewKind('application/octet-stream', 'Devoir.PDF', 1000), 'pdf');
  assert.equal(previewKind('text/plain', 'notes.txt', 1000), 'text');
  assert.equal(previewKind('text/html', 'page.html', 1000), undefined);
  assert.equal(previewKind('image/svg+xml', 'logo.svg', 1000), undefined);
  assert.equal(previewKind('application/zip', 'a.zip', 1000), undefined);
  assert.equal(previewKind('image/png', 'huge.png', PREVIEW_LIMITS.image + 1), undefined);
  assert.equal(previewKind('text/plain', 'big.txt', PREVIEW_LIMITS.text + 1), undefined);
});

test('the bytes must be what the type claims', () => {
  const bytes = (text: string) => new TextEncoder().encode(text);
  assert.equal(looksLike('pdf', bytes('%PDF-1.7\n')), true);
  assert.equal(looksLike('pdf', bytes('<html><script>')), false);
  assert.equal(looksLike('image', new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a])), true);
  assert.equal(looksLike('image', new Uint8Array([0xff, 0xd8, 0xff, 0xe0])), true);
  assert.equal(looksLike('image', bytes('<svg onload=alert(1)>')), false);
  assert.equal(looksLike('text', bytes('Bonjour à tous')), true);
  assert.equal(looksLike('text', new Uint8Array([0x41, 0x00, 0x42])), false);
});
