import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FRAME_SANDBOX, frameDocument, textAsHtml } from './message-frame.ts';

function cspOf(document: string): string[] {
  const csp = /http-equiv="Content-Security-Policy" content="([^"]*)"/.exec(document)?.[1] ?? '';
  return csp.split(';').map((directive) => directive.trim());
}

test('the frame allows no script, no connection and no remote load until remote content is allowed', () => {
  const blocked = cspOf(frameDocument('<p>x</p>', { allowRemote: false, lang: 'fr' }));
  assert.ok(blocked.includes("default-src 'none'"));
  assert.ok(blocked.includes("img-src 'self' data:"));
  assert.ok(blocked.includes("style-src 'unsafe-inline'"));
  assert.ok(!blocked.some((directive) => /script-src|connect-src|https?:/.test(directive)));
  const allowed = cspOf(frameDocument('<p>x</p>', { allowRemote: true, lang: 'fr' }));
  assert.ok(allowed.includes("img-src 'self' data: https: http:"));
  assert.ok(!allowed.some((directive) => /script-src|connect-src/.test(directive)));
  assert.ok(!FRAME_SANDBOX.includes('allow-scripts'));
  assert.ok(!FRAME_SANDBOX.includes('allow-forms'));
});

test('text is escaped and keeps its lines; the language is an attribute that cannot break out', () => {
  assert.equal(
    textAsHtml('<b>a</b> & "b"\n> c'),
    '<pre class="plain">&lt;b&gt;a&lt;/b&gt; &amp; "b"\n&gt; c</pre>',
  );
  assert.match(
    frameDocument('', { allowRemote: false, lang: 'fr"><script>' }),
    /lang="fr&quot;&gt;&lt;script&gt;"/,
  );
});
