import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  continuationRequest,
  ResponseWriter,
  taggedStatus,
  untaggedData,
  untaggedStatus,
} from './encoder.ts';
import {
  appendUidCode,
  badCharsetCode,
  capabilityCode,
  copyUidCode,
  highestModseqCode,
  mailboxIdCode,
  modifiedCode,
  permanentFlagsCode,
  responseCode,
  uidNextCode,
  uidValidityCode,
} from './response-codes.ts';
import { SequenceSet } from './sequence-set.ts';

const written = (writer: ResponseWriter) => Buffer.concat(writer.finish()).toString('utf8');

describe('ResponseWriter strings', () => {
  // Value, what a rev1 (ASCII) client gets, what a UTF-8 client gets.
  const cases: [string, string, string][] = [
    ['hello', '"hello"', '"hello"'],
    ['', '""', '""'],
    ['say "hi"', '"say \\"hi\\""', '"say \\"hi\\""'],
    ['a\\b', '"a\\\\b"', '"a\\\\b"'],
    ['""\\\\"', '{5}\r\n""\\\\"', '{5}\r\n""\\\\"'],
    ['two\r\nlines', '{10}\r\ntwo\r\nlines', '{10}\r\ntwo\r\nlines'],
    ['nul\0', '{4}\r\nnul\0', '{4}\r\nnul\0'],
    ['Réunion', '{8}\r\nRéunion', '"Réunion"'],
    ['tab\there', '"tab\there"', '"tab\there"'],
  ];
  for (const [value, ascii, utf8] of cases) {
    it(`writes ${JSON.stringify(value)} quoted when it can, as a literal when it must`, () => {
      assert.equal(written(new ResponseWriter({ utf8: false }).string(value)), ascii);
      assert.equal(written(new ResponseWriter({ utf8: true }).string(value)), utf8);
    });
  }

  it('sends bytes that are not UTF-8 as a literal even to a UTF-8 client', () => {
    const bytes = Buffer.from([0x66, 0xe9, 0x65]);
    assert.deepEqual(
      Buffer.concat(new ResponseWriter({ utf8: true }).string(bytes).finish()),
      Buffer.from('{3}\r\nf\xe9e', 'latin1'),
    );
    assert.equal(written(new ResponseWriter({ utf8: true }).string(Buffer.from('Réunion'))), '"Réunion"');
  });

  const astrings: [string, string][] = [
    ['INBOX', 'INBOX'],
    ['[Gmail]/Sent', '[Gmail]/Sent'],
    ['Mes documents', '"Mes documents"'],
    ['NIL', '"NIL"'],
    ['nil', '"nil"'],
    ['', '""'],
    ['50%', '"50%"'],
    ['a{1}', '"a{1}"'],
  ];
  for (const [value, expected] of astrings) {
    it(`writes astring ${JSON.stringify(value)} as ${expected}`, () => {
      assert.equal(written(new ResponseWriter().astring(value)), expected);
    });
  }

  it('writes nstring null and undefined as NIL', () => {
    assert.equal(written(new ResponseWriter().nstring(null).nstring(undefined).nstring('x')), 'NIL NIL "x"');
  });
});

describe('ResponseWriter responses', () => {
  it('spaces values and lists the way FETCH responses need', () => {
    const writer = new ResponseWriter({ utf8: false })
      .untagged()
      .number(12)
      .atom('FETCH')
      .openList()
      .atom('UID')
      .number(4827313)
      .atom('FLAGS')
      .atomList(['\\Seen', '$Forwarded'])
      .atom('INTERNALDATE')
      .dateTime(Date.UTC(1996, 6, 17, 9, 44, 25), -420)
      .atom('MODSEQ')
      .openList()
      .number(12121231000n)
      .closeList()
      .closeList()
      .endLine()
      .untagged()
      .number(3)
      .atom('EXISTS')
      .endLine();
    assert.equal(
      written(writer),
      '* 12 FETCH (UID 4827313 FLAGS (\\Seen $Forwarded) INTERNALDATE "17-Jul-1996 02:44:25 -0700" MODSEQ (12121231000))\r\n* 3 EXISTS\r\n',
    );
  });

  it('sends a large literal as its own chunk, never copied', () => {
    const body = Buffer.alloc(100_000, 0x61);
    const chunks = new ResponseWriter()
      .untagged()
      .number(1)
      .atom('FETCH')
      .openList()
      .atom('BODY[]')
      .literal(body)
      .closeList()
      .endLine()
      .finish();
    assert.equal(chunks.length, 3);
    assert.equal(chunks[0]!.toString(), '* 1 FETCH (BODY[] {100000}\r\n');
    assert.equal(chunks[1], body);
    assert.equal(chunks[2]!.toString(), ')\r\n');
  });

  it('joins small literals into the surrounding text: one buffer for many small responses', () => {
    const writer = new ResponseWriter();
    for (let n = 1; n <= 100; n++)
      writer
        .untagged()
        .number(n)
        .atom('FETCH')
        .openList()
        .atom('BODY[HEADER]')
        .literal(Buffer.from('Subject: x\r\n\r\n'))
        .closeList()
        .endLine();
    const chunks = writer.finish();
    assert.equal(chunks.length, 1);
    assert.match(
      chunks[0]!.toString(),
      /^\* 1 FETCH \(BODY\[HEADER\] \{14\}\r\nSubject: x\r\n\r\n\)\r\n\* 2 FETCH/,
    );
    assert.deepEqual(writer.finish(), []);
  });

  it('writes literal8 for binary data', () => {
    assert.equal(
      written(new ResponseWriter().atom('BINARY[1]').literal8(Buffer.from('a\0b'))),
      'BINARY[1] ~{3}\r\na\0b',
    );
  });

  it('builds status lines with response codes', () => {
    const lines = [
      taggedStatus('A1', 'OK', 'SELECT completed', responseCode('READ-WRITE')),
      taggedStatus('A2', 'OK', 'APPEND completed', appendUidCode(38505, 3955)),
      taggedStatus('A3', 'OK', 'Done', copyUidCode(38505, [304, 319, 320], [3956, 3957, 3958])),
      taggedStatus('A4', 'NO', 'Message too big', responseCode('TOOBIG')),
      untaggedStatus('OK', 'Ready', capabilityCode(['IMAP4rev2', 'IMAP4rev1', 'LITERAL+', 'AUTH=PLAIN'])),
      untaggedStatus('OK', 'Highest', highestModseqCode(715194045007n)),
      untaggedStatus('OK', 'No modseqs', responseCode('NOMODSEQ')),
      untaggedStatus('OK', 'Previous mailbox is now closed', responseCode('CLOSED')),
      untaggedStatus('OK', 'Limited', permanentFlagsCode(['\\Deleted', '\\Seen', '\\*'])),
      untaggedStatus('OK', 'UIDs valid', uidValidityCode(3857529045)),
      untaggedStatus('OK', 'Predicted next UID', uidNextCode(4392)),
      taggedStatus('A5', 'OK', 'Conditional STORE failed', modifiedCode(SequenceSet.fromNumbers([7, 9]))),
      taggedStatus('A6', 'NO', 'Unsupported charset', badCharsetCode(['UTF-8', 'US-ASCII'])),
      taggedStatus('A7', 'OK', 'Created', mailboxIdCode('F2212ea87-6097-4256-9d51-71338625')),
      untaggedStatus('BYE', 'Logging out'),
    ].map((line) => line.toString());
    assert.deepEqual(lines, [
      'A1 OK [READ-WRITE] SELECT completed\r\n',
      'A2 OK [APPENDUID 38505 3955] APPEND completed\r\n',
      'A3 OK [COPYUID 38505 304,319:320 3956:3958] Done\r\n',
      'A4 NO [TOOBIG] Message too big\r\n',
      '* OK [CAPABILITY IMAP4rev2 IMAP4rev1 LITERAL+ AUTH=PLAIN] Ready\r\n',
      '* OK [HIGHESTMODSEQ 715194045007] Highest\r\n',
      '* OK [NOMODSEQ] No modseqs\r\n',
      '* OK [CLOSED] Previous mailbox is now closed\r\n',
      '* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n',
      '* OK [UIDVALIDITY 3857529045] UIDs valid\r\n',
      '* OK [UIDNEXT 4392] Predicted next UID\r\n',
      'A5 OK [MODIFIED 7,9] Conditional STORE failed\r\n',
      'A6 NO [BADCHARSET (UTF-8 US-ASCII)] Unsupported charset\r\n',
      'A7 OK [MAILBOXID (F2212ea87-6097-4256-9d51-71338625)] Created\r\n',
      '* BYE Logging out\r\n',
    ]);
  });

  it('keeps status text on one line, ASCII for rev1 clients, never mistaken for a response code', () => {
    assert.equal(
      taggedStatus('A1', 'BAD', 'bad\r\nA2 OK injected').toString(),
      'A1 BAD bad  A2 OK injected\r\n',
    );
    assert.equal(taggedStatus('A1', 'NO', 'Boîte pleine').toString(), 'A1 NO Bo?te pleine\r\n');
    assert.equal(
      taggedStatus('A1', 'NO', 'Boîte pleine', undefined, { utf8: true }).toString(),
      'A1 NO Boîte pleine\r\n',
    );
    assert.equal(taggedStatus('A1', 'NO', '[ALERT] fake').toString(), 'A1 NO  [ALERT] fake\r\n');
    assert.equal(taggedStatus('A1', 'OK', '').toString(), 'A1 OK Completed\r\n');
  });

  it('reports what it holds so a long FETCH can be flushed in batches', () => {
    const writer = new ResponseWriter()
      .untagged()
      .number(1)
      .atom('FETCH')
      .openList()
      .atom('BODY[]')
      .literal(Buffer.alloc(50_000));
    assert.equal(writer.pendingBytes, '* 1 FETCH (BODY[] {50000}\r\n'.length + 50_000);
    writer.finish();
    assert.equal(writer.pendingBytes, 0);
  });

  it('writes a continuation request with the writer too (a SASL challenge)', () => {
    assert.equal(written(new ResponseWriter().continuation().atom('VGVzdA==').endLine()), '+ VGVzdA==\r\n');
  });

  it('writes untagged data and continuation requests', () => {
    assert.equal(untaggedData('3 EXISTS').toString(), '* 3 EXISTS\r\n');
    assert.equal(continuationRequest().toString(), '+ Ready\r\n');
    assert.equal(continuationRequest('').toString(), '+ \r\n');
    assert.equal(continuationRequest('VGVzdA==').toString(), '+ VGVzdA==\r\n');
  });
});
