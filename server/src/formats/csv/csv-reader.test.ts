import assert from 'node:assert/strict';
import { test } from 'node:test';
import { ParseError } from '#core/errors';
import { CSV_LIMITS, type CsvLimits } from './csv-limits.ts';
import { detectSeparator, readCsv } from './csv-reader.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);

function refused(bytes: Uint8Array, code: string, limits: CsvLimits = CSV_LIMITS): ParseError {
  let caught: unknown;
  try {
    readCsv(bytes, limits);
  } catch (error) {
    caught = error;
  }
  assert.ok(caught instanceof ParseError, `expected ParseError ${code}, got ${String(caught)}`);
  assert.equal(caught.code, code);
  return caught;
}

test('a semicolon file with CRLF ends is read with line numbers', () => {
  const doc = readCsv(utf8('matricule;nom\r\n1;Martin\r\n2;Dupont\r\n'));
  assert.equal(doc.separator, ';');
  assert.deepEqual(doc.header, ['matricule', 'nom']);
  assert.deepEqual(doc.records, [
    { line: 2, fields: ['1', 'Martin'] },
    { line: 3, fields: ['2', 'Dupont'] },
  ]);
});

test('the separator is the one the header uses most, semicolon on a tie', () => {
  assert.equal(detectSeparator('a,b,c'), ',');
  assert.equal(detectSeparator('a;b;c'), ';');
  assert.equal(detectSeparator('"a;b",c,d'), ',');
  assert.equal(detectSeparator('a'), ';');
  assert.deepEqual(readCsv(utf8('id,name\n1,"Martin; Jean"\n')).records, [
    { line: 2, fields: ['1', 'Martin; Jean'] },
  ]);
});

test('quoted fields keep separators, doubled quotes and newlines; line numbers follow', () => {
  const doc = readCsv(utf8('a;b\n"x;y";"il a dit ""oui"""\n"deux\nlignes";z\nlast;row'));
  assert.deepEqual(doc.records, [
    { line: 2, fields: ['x;y', 'il a dit "oui"'] },
    { line: 3, fields: ['deux\nlignes', 'z'] },
    { line: 5, fields: ['last', 'row'] },
  ]);
});

test('a UTF-8 BOM is dropped and accents survive', () => {
  const doc = readCsv(new Uint8Array([0xef, 0xbb, 0xbf, ...utf8('nom;prénom\nÉmilie;Hélène\n')]));
  assert.deepEqual(doc.header, ['nom', 'prénom']);
  assert.deepEqual(doc.records, [{ line: 2, fields: ['Émilie', 'Hélène'] }]);
});

test('invalid UTF-8 (a Latin-1 export) is refused, naming the line', () => {
  const latin1 = new Uint8Array([...utf8('nom\nMartin\n'), 0xc9, 0x6d, 0x69, 0x6c, 0x65, 0x0a]);
  const error = refused(latin1, 'invalidUtf8');
  assert.match(error.message, /line 3/);
});

test('blank lines are skipped; empty input or an empty header is refused', () => {
  assert.equal(readCsv(utf8('a;b\n1;2\n\n\n')).records.length, 1);
  refused(utf8(''), 'empty');
  refused(utf8(';;\n1;2;3'), 'empty');
});

test('a stray quote or too many fields reject that record only', () => {
  const limits = { ...CSV_LIMITS, maxFields: 3 };
  const doc = readCsv(utf8('a;b;c\n1;x"y;3\n1;2;3;4\n"q"x;2;3\nok;ok;ok\n'), limits);
  assert.deepEqual(doc.records, [
    { line: 2, error: 'strayQuote' },
    { line: 3, error: 'tooManyFields' },
    { line: 4, error: 'strayQuote' },
    { line: 5, fields: ['ok', 'ok', 'ok'] },
  ]);
});

test('sizes are bounded: file, rows, record length, unterminated quote', () => {
  refused(utf8('a\n1\n'), 'tooBig', { ...CSV_LIMITS, maxBytes: 3 });
  refused(utf8('a\n1\n2\n3\n'), 'tooManyRows', { ...CSV_LIMITS, maxRows: 2 });
  refused(utf8(`a\n"${'x'.repeat(100)}"\n`), 'recordTooLong', { ...CSV_LIMITS, maxRecordChars: 50 });
  assert.deepEqual(readCsv(utf8(`a\n${'x'.repeat(100)}\n`), { ...CSV_LIMITS, maxRecordChars: 50 }).records, [
    { line: 2, error: 'recordTooLong' },
  ]);
  refused(utf8('a;b\n"never closed;2\n3;4\n'), 'unterminatedQuote');
});

test('random bytes never throw anything but a ParseError', () => {
  let seed = 7;
  const next = () => {
    seed = (seed * 1_103_515_245 + 12_345) & 0x7fffffff;
    return seed;
  };
  const alphabet = utf8('ab;,"\r\n é');
  for (let round = 0; round < 300; round++) {
    const bytes = new Uint8Array(next() % 200).map(() => alphabet[next() % alphabet.length] ?? 0x61);
    try {
      readCsv(bytes, { ...CSV_LIMITS, maxFields: 5, maxRecordChars: 40 });
    } catch (error) {
      assert.ok(error instanceof ParseError, String(error));
    }
  }
});
