import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ParseError } from '#core/errors';
import { decodeModifiedUtf7, encodeModifiedUtf7 } from './mailbox-name-utf7.ts';

describe('modified UTF-7', () => {
  // Unicode name, its one spelling in modified UTF-7.
  const pairs: [string, string][] = [
    ['INBOX', 'INBOX'],
    ['Boîte de réception', 'Bo&AO4-te de r&AOk-ception'],
    ['Éléments envoyés', '&AMk-l&AOk-ments envoy&AOk-s'],
    ['&', '&-'],
    ['&&x&&', '&-&-x&-&-'],
    ['Tom & Jerry', 'Tom &- Jerry'],
    ['~peter/mail/台北/日本語', '~peter/mail/&U,BTFw-/&ZeVnLIqe-'],
    ['tietäjä', 'tiet&AOQ-j&AOQ-'],
    ['😀', '&2D3eAA-'],
    ['a😀b🎉', 'a&2D3eAA-b&2DzfiQ-'],
    ['éé', '&AOkA6Q-'],
    ['tab\there', 'tab&AAk-here'],
    ['', ''],
  ];
  for (const [unicode, wire] of pairs) {
    it(`"${unicode}" ↔ "${wire}"`, () => {
      assert.equal(encodeModifiedUtf7(unicode), wire);
      assert.equal(decodeModifiedUtf7(wire), unicode);
    });
  }

  // Spellings a strict decoder refuses, and why.
  const refused: [string, RegExp][] = [
    ['&', /"&" must be closed by "-"/],
    ['&Jjo', /"&" must be closed by "-"/],
    ['&Jjo!', /"&" must be closed by "-"/],
    ['&Jj!o-', /invalid modified BASE64/],
    ['&AOk/AOk-', /invalid modified BASE64/],
    ['&AOk-&AOk-', /adjacent encoded runs must be one run/],
    ['&U,BTFw-&ZeVnLIqe-', /adjacent encoded runs/],
    ['&AGE-', /"a" must be written as itself/],
    ['&ACY-', /"&" must be written as itself/],
    ['&AOkA-', /does not end on a whole UTF-16 character/],
    ['&AOl-', /does not end on a whole UTF-16 character/],
    ['&AOkx-', /does not end on a whole UTF-16 character/],
    ['&2D0-', /unpaired UTF-16 surrogate/],
    ['&3gA-', /unpaired UTF-16 surrogate/],
    ['Boîte', /only printable US-ASCII/],
    ['a\tb', /only printable US-ASCII/],
  ];
  for (const [wire, reason] of refused) {
    it(`refuses "${wire}": ${reason.source}`, () => {
      assert.throws(
        () => decodeModifiedUtf7(wire),
        (e: unknown) => e instanceof ParseError && reason.test(e.message),
      );
    });
  }

  it('round-trips every code point around the BMP edge, mixed with & and ASCII', () => {
    for (let code = 0xfff0; code <= 0x10010; code++) {
      if (code >= 0xd800 && code <= 0xdfff) continue;
      const name = `x&${String.fromCodePoint(code)}${String.fromCodePoint(code)}&y`;
      assert.equal(decodeModifiedUtf7(encodeModifiedUtf7(name)), name, code.toString(16));
    }
  });

  it('writes a lone surrogate as U+FFFD so the name can be read back', () => {
    assert.equal(decodeModifiedUtf7(encodeModifiedUtf7('a\ud800b')), 'a\ufffdb');
  });
});
