import assert from 'node:assert/strict';
import { test } from 'node:test';
import { decodeEntities, htmlToText } from './html-to-text.ts';

test('script, style, head and comments are removed; block elements break lines', () => {
  const html =
    '<html><head><title>T</title><style>p{color:red}</style></head><body><!-- <b>hidden</b> -->' +
    '<script>var s = "</p>text";</script><p>Un</p><div>Deux<br>Trois</div><SCRIPT>x()</SCRIPT></body></html>';
  assert.equal(htmlToText(html), 'Un\n\nDeux\nTrois');
});

test('character references are decoded, unknown ones kept', () => {
  assert.equal(
    htmlToText(
      '<p>L&rsquo;acad&eacute;mie &amp; vous &laquo;&nbsp;IA&nbsp;&raquo; 0&#x20AC; &#233; &bogus; &#0;</p>',
    ),
    'L’académie & vous « IA » 0€ é &bogus; \ufffd',
  );
  assert.equal(decodeEntities('&Eacute;l&egrave;ve &OElig;uvre'), 'Élève Œuvre');
});

test('a "<" that does not open a tag is text', () => {
  assert.equal(htmlToText('3 < 5 and 5 > 3'), '3 < 5 and 5 > 3');
});

test('an unclosed script or comment ends the text, as in a browser', () => {
  assert.equal(htmlToText('visible<script>alert(1)'), 'visible');
  assert.equal(htmlToText('visible<!-- never closed <p>x</p>'), 'visible');
});

test('hostile HTML is reduced in linear time', () => {
  const started = performance.now();
  htmlToText('<script>'.repeat(100_000));
  htmlToText('<'.repeat(200_000));
  htmlToText('<a '.repeat(100_000));
  htmlToText('&amp'.repeat(100_000));
  htmlToText('<style>x</styl'.repeat(50_000));
  assert.ok(performance.now() - started < 3000);
});
