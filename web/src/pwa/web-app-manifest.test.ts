import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { webAppManifest } from './web-app-manifest.ts';

const ICON = {
  src: '/mail/assets/icon-192-aa.png',
  sizes: '192x192',
  type: 'image/png',
  purpose: 'any',
} as const;

test('the manifest installs the app at /mail/, in French, standalone', () => {
  const manifest = webAppManifest('/mail/', [ICON]);
  assert.equal(manifest.name, 'Vercors — Messagerie');
  assert.equal(manifest.short_name, 'Vercors');
  assert.equal(manifest.lang, 'fr');
  assert.equal(manifest.id, '/mail/');
  assert.equal(manifest.start_url, '/mail/');
  assert.equal(manifest.scope, '/mail/');
  assert.equal(manifest.display, 'standalone');
  assert.deepEqual(manifest.icons, [ICON]);
});

test('its colours are the app’s accent and paper (app.css)', async () => {
  const css = await readFile(new URL('../app/app.css', import.meta.url), 'utf8');
  const colour = (name: string) => {
    const value = new RegExp(`--${name}:\\s*(#[0-9a-f]{3,6})\\b`, 'i').exec(css)?.[1] ?? '';
    // #fff → #ffffff
    return value.length === 4 ? `#${[...value.slice(1)].map((digit) => digit + digit).join('')}` : value;
  };
  const manifest = webAppManifest('/mail/', [ICON]);
  assert.equal(manifest.theme_color.toLowerCase(), colour('accent').toLowerCase());
  assert.equal(manifest.background_color.toLowerCase(), colour('paper').toLowerCase());
});
