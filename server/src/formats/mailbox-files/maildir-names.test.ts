import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseDovecotKeywords, parseMaildirFlags } from './maildir-names.ts';

test('flags after :2, become keywords; T marks a message deleted pending expunge', () => {
  assert.deepEqual(parseMaildirFlags('1700000000.M1P2.host,S=1234,W=1260:2,FRS'), {
    keywords: ['$flagged', '$answered', '$seen'],
    isTrashed: false,
  });
  assert.deepEqual(parseMaildirFlags('1700000000.M1P2.host:2,DP'), {
    keywords: ['$draft', '$forwarded'],
    isTrashed: false,
  });
  assert.deepEqual(parseMaildirFlags('1700000000.M1P2.host:2,ST'), { keywords: ['$seen'], isTrashed: true });
  // mbsync on file systems without colons.
  assert.deepEqual(parseMaildirFlags('1700000000.M1P2.host!2,S').keywords, ['$seen']);
  // A file in new/ has no info; an unknown upper-case letter is ignored.
  assert.deepEqual(parseMaildirFlags('1700000000.M1P2.host'), { keywords: [], isTrashed: false });
  assert.deepEqual(parseMaildirFlags('x:2,XS').keywords, ['$seen']);
  assert.deepEqual(parseMaildirFlags('x:1,S').keywords, [], 'experimental info 1 carries no flags');
});

test('Dovecot keyword letters map through the dovecot-keywords file', () => {
  const letters = parseDovecotKeywords('0 $Label1\n1 Junk\r\n3 $Forwarded\nnot a line\n26 too-far\n');
  assert.deepEqual(
    [...letters],
    [
      ['a', '$Label1'],
      ['b', 'Junk'],
      ['d', '$Forwarded'],
    ],
  );
  assert.deepEqual(parseMaildirFlags('x:2,Sbac', letters).keywords, ['$seen', 'Junk', '$Label1']);
  assert.deepEqual(parseMaildirFlags('x:2,Se').keywords, ['$seen'], 'a letter with no keyword is dropped');
});
