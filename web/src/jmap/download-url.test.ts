import assert from 'node:assert/strict';
import { test } from 'node:test';
import { downloadUrl } from './download-url.ts';

test('the download template is filled with encoded values', () => {
  assert.equal(
    downloadUrl(
      '/jmap/download/{accountId}/{blobId}/{name}?type={type}',
      'A1',
      'B/2',
      'compte rendu é.pdf',
      'application/pdf',
    ),
    '/jmap/download/A1/B%2F2/compte%20rendu%20%C3%A9.pdf?type=application%2Fpdf',
  );
});
