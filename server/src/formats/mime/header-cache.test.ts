// The header cache answers HEADER.FIELDS exactly as the whole header would, for every message of the corpus
// (broken ones included) and every list of cached names, in any case.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import {
  CACHED_HEADER_FIELDS,
  headerCacheOf,
  isCachedHeaderFieldList,
  MAX_HEADER_CACHE_BYTES,
} from './header-cache.ts';
import { HeaderFieldFilter } from './header-field-filter.ts';
import { parseMessage } from './parse-message.ts';
import { seededRandom } from '#core/seeded-random';

const TESTDATA = join(import.meta.dirname, 'testdata');
const CACHED = [...CACHED_HEADER_FIELDS];

function filtered(block: Uint8Array, names: readonly string[]): string {
  return Buffer.concat(new HeaderFieldFilter(names, false).push(block)).toString('latin1');
}

test('filtering the cache gives what filtering the whole header gives, for every corpus message', async () => {
  const names = readdirSync(TESTDATA).filter((name) => name.endsWith('.eml'));
  assert.ok(names.length >= 30);
  const random = seededRandom(42);
  for (const name of names) {
    const raw = readFileSync(join(TESTDATA, name));
    const parsed = await parseMessage(raw);
    const header = raw.subarray(0, parsed.headerSize);
    const cache = headerCacheOf(header);
    if (cache === undefined) {
      assert.ok(
        filtered(header, CACHED).length > MAX_HEADER_CACHE_BYTES,
        `${name}: left out only when too big`,
      );
      continue;
    }
    const lists = [
      ['FROM', 'TO', 'SUBJECT', 'DATE', 'MESSAGE-ID'],
      ['Subject'],
      CACHED,
      ...Array.from({ length: 20 }, () =>
        CACHED.filter(() => random() < 0.3).map((field) => (random() < 0.5 ? field.toUpperCase() : field)),
      ),
    ].filter((list) => list.length > 0);
    for (const list of lists) {
      assert.ok(isCachedHeaderFieldList(list));
      assert.equal(filtered(cache, list), filtered(header, list), `${name}: ${list.join(' ')}`);
    }
  }
});

test('a header with fields outside the cached set keeps only the cached ones, folded lines included', () => {
  const header = Buffer.from(
    'Received: from a\r\n by b\r\nSubject: Conseil\r\n de classe\r\nX-Spam: yes\r\nFrom: a@b.fr\r\n\r\n',
  );
  assert.equal(headerCacheOf(header)?.toString(), 'Subject: Conseil\r\n de classe\r\nFrom: a@b.fr\r\n\r\n');
  assert.equal(isCachedHeaderFieldList(['Subject', 'Received']), false);
  assert.equal(isCachedHeaderFieldList([]), false);
});

test('a selection over the size limit is not cached', () => {
  const references = `References: ${'<a@b.fr> '.repeat(MAX_HEADER_CACHE_BYTES / 9 + 10)}\r\n`;
  assert.equal(headerCacheOf(Buffer.from(`${references}Subject: x\r\n\r\n`)), undefined);
});
