import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JSDOM } from 'jsdom';
import { createHtmlSanitizer } from './html-sanitizer.ts';
import { XSS_CORPUS } from './xss-corpus.ts';

const { window } = new JSDOM('<!doctype html><html><body></body></html>');
const sanitize = createHtmlSanitizer(window as unknown as Parameters<typeof createHtmlSanitizer>[0]);
const blocked = { allowRemote: false, cidUrl: () => undefined };

/** Every element and attribute of `html` parsed as a browser would. */
function parse(html: string) {
  const document = new JSDOM(`<!doctype html><body>${html}</body>`).window.document;
  return [...document.body.querySelectorAll('*')];
}

test('nothing of the XSS corpus can run or load once sanitised', () => {
  for (const { name, html } of XSS_CORPUS) {
    const clean = sanitize(html, blocked).html;
    for (const element of parse(clean)) {
      const tag = element.tagName.toLowerCase();
      assert.ok(
        ![
          'script',
          'iframe',
          'object',
          'embed',
          'form',
          'meta',
          'base',
          'link',
          'svg',
          'math',
          'video',
          'audio',
          'template',
          'noscript',
          'button',
          'input',
        ].includes(tag),
        `${name}: <${tag}> kept in ${clean}`,
      );
      for (const attribute of element.attributes) {
        const value = attribute.value.replace(/[\s\u0000-\u001f]/g, '').toLowerCase();
        assert.ok(!attribute.name.startsWith('on'), `${name}: ${attribute.name} kept in ${clean}`);
        assert.ok(!/^(?:javascript|vbscript|data:text)/.test(value), `${name}: ${attribute.name}=${value}`);
        if (
          ['src', 'href', 'srcset', 'background', 'poster', 'action', 'formaction'].includes(attribute.name)
        ) {
          assert.ok(
            !/^(?:https?:)?\/\/evil/.test(value),
            `${name}: remote ${attribute.name} kept in ${clean}`,
          );
        }
        if (attribute.name === 'style') {
          assert.ok(!/url\(|expression\(/.test(value), `${name}: style kept ${value}`);
        }
      }
      if (tag === 'style') {
        assert.ok(
          !/@import|url\((?!none)|evil/.test(element.textContent ?? ''),
          `${name}: css kept ${clean}`,
        );
      }
    }
    assert.ok(!/evil\.example/.test(clean.replace(/data-blocked-src="[^"]*"/g, '')), `${name}: ${clean}`);
  }
});

test('remote images are parked and counted, then shown when the user allows them', () => {
  const html =
    '<p>Bonjour</p><img src="https://cdn.example/logo.png" alt="logo"><div style="background:url(https://cdn.example/bg.png)">x</div>';
  const parked = sanitize(html, blocked);
  assert.equal(parked.blockedRemote, 2);
  const image = parse(parked.html).find((element) => element.tagName === 'IMG');
  assert.equal(image?.getAttribute('src'), null);
  assert.equal(image?.getAttribute('data-blocked-src'), 'https://cdn.example/logo.png');
  const shown = sanitize(html, { ...blocked, allowRemote: true });
  assert.equal(shown.blockedRemote, 0);
  assert.match(shown.html, /src="https:\/\/cdn\.example\/logo\.png"/);
  assert.match(shown.html, /url\(https:\/\/cdn\.example\/bg\.png\)/);
});

test('cid: images point at their part, links open apart without a referrer, safe markup stays', () => {
  const html =
    '<p style="color:#333">Le <b>conseil</b> de <a href="https://www.ac-grenoble.fr/">classe</a>.</p>' +
    '<img src="cid:logo@ac" alt="logo"><img src="cid:absent@ac"><table><tr><td>1</td></tr></table>';
  const clean = sanitize(html, {
    allowRemote: false,
    cidUrl: (cid) => (cid === 'logo@ac' ? '/jmap/download/A1/B1/logo.png?type=image%2Fpng' : undefined),
  });
  const elements = parse(clean.html);
  const [logo, absent] = elements.filter((element) => element.tagName === 'IMG');
  assert.equal(logo?.getAttribute('src'), '/jmap/download/A1/B1/logo.png?type=image%2Fpng');
  assert.equal(absent?.getAttribute('src'), null);
  const link = elements.find((element) => element.tagName === 'A');
  assert.equal(link?.getAttribute('target'), '_blank');
  assert.equal(link?.getAttribute('rel'), 'noopener noreferrer');
  assert.match(clean.html, /<b>conseil<\/b>/);
  assert.match(clean.html, /style="color:#333"/);
  assert.match(clean.html, /<td>1<\/td>/);
  assert.equal(clean.blockedRemote, 0);
});
