import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAX_PRECACHED_BYTES, precacheManifest } from './precache-manifest.ts';

const BUILD = [
  { fileName: 'assets/index-abc.js', content: 'console.log(1)' },
  { fileName: 'assets/index-abc.js.map', content: '{}' },
  { fileName: 'index.html', content: '<!doctype html>' },
  { fileName: 'assets/index-def.css', content: 'body{}' },
  { fileName: 'assets/icon-192-12345678.png', content: new Uint8Array([137, 80, 78, 71]) },
  { fileName: 'manifest.webmanifest', content: '{}' },
  { fileName: 'sw.js', content: 'self' },
];

test('the page comes first as /mail/, then the build’s files; no source maps, never the worker', () => {
  const { urls } = precacheManifest(BUILD, '/mail/');
  assert.deepEqual(urls, [
    '/mail/',
    '/mail/assets/icon-192-12345678.png',
    '/mail/assets/index-abc.js',
    '/mail/assets/index-def.css',
    '/mail/manifest.webmanifest',
  ]);
});

test('a very large file is left to be cached when first used', () => {
  const big = { fileName: 'assets/dictionary-fr-0a0a.js', content: new Uint8Array(MAX_PRECACHED_BYTES + 1) };
  const edge = { fileName: 'assets/edge-0b0b.js', content: new Uint8Array(MAX_PRECACHED_BYTES) };
  const { urls } = precacheManifest([...BUILD, big, edge], '/mail/');
  assert.ok(!urls.includes('/mail/assets/dictionary-fr-0a0a.js'));
  assert.ok(urls.includes('/mail/assets/edge-0b0b.js'));
});

test('the version is stable for the same build and changes with any precached byte', () => {
  const { version } = precacheManifest(BUILD, '/mail/');
  assert.match(version, /^[0-9a-f]{16}$/);
  assert.equal(precacheManifest([...BUILD].reverse(), '/mail/').version, version);
  const page = BUILD.map((file) =>
    file.fileName === 'index.html' ? { ...file, content: '<!doctype html><title>x</title>' } : file,
  );
  assert.notEqual(precacheManifest(page, '/mail/').version, version);
  // Bytes moved from one file to the next are a different build.
  const moved = BUILD.map((file) =>
    file.fileName === 'assets/index-abc.js'
      ? { ...file, content: 'console.log(1)b' }
      : file.fileName === 'assets/index-def.css'
        ? { ...file, content: 'ody{}' }
        : file,
  );
  assert.notEqual(precacheManifest(moved, '/mail/').version, version);
  // What is not precached does not change it.
  const map = BUILD.map((file) => (file.fileName.endsWith('.map') ? { ...file, content: '{"v":3}' } : file));
  assert.equal(precacheManifest(map, '/mail/').version, version);
});

test('a build without its page is refused', () => {
  assert.throws(
    () =>
      precacheManifest(
        BUILD.filter((file) => file.fileName !== 'index.html'),
        '/mail/',
      ),
    /no index\.html/,
  );
});
