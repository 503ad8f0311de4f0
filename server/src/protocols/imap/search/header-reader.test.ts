import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DomainError } from '#core/errors';
import { createHeaderReader, headerValues, readHeaderBlock } from './header-reader.ts';

const MESSAGE = [
  'Received: from mx.ac-test.fr',
  'Message-ID: <menu@ac-test.fr>',
  'List-Id: =?utf-8?q?Parents_=C3=A9cole?=',
  '  <parents.ac-test.fr>',
  'X-Tag: one',
  'x-tag:two',
  'Subject: Menu',
  '',
  'X-Tag: not a header, the body',
].join('\r\n');

async function* chunks(text: string, size: number, consumed: { bytes: number }) {
  const bytes = Buffer.from(text, 'utf8');
  for (let offset = 0; offset < bytes.length; offset += size) {
    consumed.bytes = offset + size;
    // Each chunk arrives on a later tick, as from a file.
    yield await Promise.resolve(bytes.subarray(offset, offset + size));
  }
}

describe('headerValues', () => {
  const block = Buffer.from(MESSAGE, 'utf8');
  const cases: readonly (readonly [string, readonly string[] | undefined, string])[] = [
    ['message-id', ['<menu@ac-test.fr>'], 'a plain field, trimmed'],
    ['list-id', ['Parents école <parents.ac-test.fr>'], 'unfolded and RFC 2047-decoded'],
    ['x-tag', ['one', 'two'], 'every occurrence, names in any case, no space after the colon'],
    ['cc', undefined, 'an absent field is absent'],
  ];
  for (const [field, expected, why] of cases) {
    it(`reads ${field}: ${why}`, () => {
      assert.deepEqual(headerValues(block, [field]).get(field), expected);
    });
  }

  it('stops at the blank line', () => {
    assert.deepEqual(headerValues(block, ['x-tag']).get('x-tag'), ['one', 'two']);
  });

  it('reads 8-bit Latin-1 headers byte for byte rather than failing', () => {
    const latin1 = Buffer.from('Subject: r\xe9union\r\n\r\n', 'latin1');
    assert.deepEqual(headerValues(latin1, ['subject']).get('subject'), ['réunion']);
  });
});

describe('readHeaderBlock', () => {
  it('stops reading at the end of the header block, whatever the chunking', async () => {
    for (const size of [1, 3, 7, 64, 4096]) {
      const consumed = { bytes: 0 };
      const block = await readHeaderBlock(chunks(`${MESSAGE}${'x'.repeat(10_000)}`, size, consumed));
      assert.equal(block.toString('utf8'), `${MESSAGE.slice(0, MESSAGE.indexOf('\r\n\r\n'))}\r\n`);
      assert.ok(consumed.bytes < MESSAGE.length + size + 1, `chunks of ${size} read past the header`);
    }
  });
});

describe('createHeaderReader', () => {
  it('reads the asked fields of a stored message, and undefined for one that is gone', async () => {
    const ranges: unknown[] = [];
    const reader = createHeaderReader(
      {
        getEmailBytes: (_accountId, emailId, range) => {
          ranges.push(range);
          if (emailId !== 'e1') return Promise.reject(new DomainError('notFound', `no email ${emailId}`));
          return Promise.resolve(chunks(MESSAGE, 16, { bytes: 0 }));
        },
      },
      'acct-1',
      1024,
    );
    assert.deepEqual(
      [...((await reader('e1', ['message-id', 'subject'])) ?? [])],
      [
        ['message-id', ['<menu@ac-test.fr>']],
        ['subject', ['Menu']],
      ],
    );
    assert.equal(await reader('e2', ['subject']), undefined);
    assert.deepEqual(ranges[0], { start: 0, end: 1024 });
  });
});
