import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { encodeParameter, encodeWords } from './parameter-encoding.ts';

describe('MIME values sent back as ASCII', () => {
  const parameters: [string, [string, string], [string, string]][] = [
    ['an ASCII value stays as it is', ['charset', 'utf-8'], ['charset', 'utf-8']],
    ['an ASCII value with spaces and quotes stays as it is', ['name', 'a "b".pdf'], ['name', 'a "b".pdf']],
    [
      'a non-ASCII value becomes an RFC 2231 extended value',
      ['filename', 'réunion 1.pdf'],
      ['filename*', "utf-8''r%C3%A9union%201.pdf"],
    ],
    [
      'specials are percent-encoded in an extended value',
      ['name', "é'*%();"],
      ['name*', "utf-8''%C3%A9%27%2A%25%28%29%3B"],
    ],
  ];
  for (const [behaviour, [name, value], expected] of parameters) {
    it(behaviour, () => {
      assert.deepEqual(encodeParameter(name, value), expected);
    });
  }

  it('leaves ASCII text unencoded', () => {
    assert.equal(encodeWords('Ordre du jour'), 'Ordre du jour');
  });

  it('encodes text as B words of at most 75 characters, splitting only between characters', () => {
    const text =
      'Procès-verbal du conseil d’administration — séance du 1er septembre 2025 — version définitive';
    const words = encodeWords(text).split(' ');
    assert.ok(words.length > 1);
    for (const word of words)
      assert.ok(word.length <= 75 && /^=\?utf-8\?B\?[A-Za-z0-9+/=]+\?=$/.test(word), word);
    const decoded = words.map((word) => Buffer.from(word.slice(10, -2), 'base64').toString('utf8')).join('');
    assert.equal(decoded, text);
  });
});
