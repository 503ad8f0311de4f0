import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { FetchLine } from './fetch-line.ts';

describe('a FETCH line cut around streamed literals', () => {
  it('separates items by one space before and after a cut', () => {
    const line = new FetchLine(7, { utf8: false });
    const out: Buffer[] = [];
    line.item('UID').number(9);
    out.push(...line.literalPrefix(5, false), Buffer.from('hello'));
    // The prefix carried the item name: it is written before literalPrefix, like any item.
    out.push(...line.end());
    assert.equal(Buffer.concat(out).toString(), '* 7 FETCH (UID 9 {5}\r\nhello)\r\n');
  });

  it('writes the next item name after streamed octets with its separating space', () => {
    const line = new FetchLine(1, { utf8: false });
    const out: Buffer[] = [];
    line.item('BODY[]');
    out.push(...line.literalPrefix(3, false), Buffer.from('abc'));
    line.item('FLAGS').atomList(['\\Seen']);
    line.item('BINARY[1]');
    out.push(...line.literalPrefix(1, true), Buffer.from([0]));
    out.push(...line.end());
    assert.equal(
      Buffer.concat(out).toString('latin1'),
      '* 1 FETCH (BODY[] {3}\r\nabc FLAGS (\\Seen) BINARY[1] ~{1}\r\n\0)\r\n',
    );
  });

  it('keeps spacing when the text is taken between items', () => {
    const line = new FetchLine(2, { utf8: false });
    const out: Buffer[] = [];
    line.item('UID').number(1);
    out.push(...line.take());
    line.item('RFC822.SIZE').number(10);
    out.push(...line.end());
    assert.equal(Buffer.concat(out).toString(), '* 2 FETCH (UID 1 RFC822.SIZE 10)\r\n');
  });
});
