// Golden-file tests over testdata/: every name.eml is parsed and compared with name.json (the parse result plus the
// bytes of every IMAP section). Regenerate after an intended change with VERCORS_UPDATE_GOLDEN=1, then review the diff.

import assert from 'node:assert/strict';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { parseMessage } from './parse-message.ts';
import { assertInvariants } from './parse-invariants.fixture.ts';
import { allParts } from './part-tree.ts';
import type { ParsedMessage } from './parsed-message.ts';
import { referenceSections } from './reference-sections.fixture.ts';
import { sectionRange } from './section-range.ts';

const TESTDATA = join(import.meta.dirname, 'testdata');
const isUpdating = process.env.VERCORS_UPDATE_GOLDEN === '1';
const names = readdirSync(TESTDATA)
  .filter((file) => file.endsWith('.eml'))
  .map((file) => file.slice(0, -4))
  .sort();

/** Messages outside what the naive reference reader understands (it assumes a well-formed tree). */
const NOT_FOR_REFERENCE = new Set([
  'wrong-boundary',
  'missing-boundary-parameter',
  'deep-nesting',
  'base64-rfc822',
]);

const utf8 = new TextDecoder('utf-8', { fatal: true });

/** Section bytes as readable text when they are UTF-8, else as a latin1 string marked as such. */
function bytesForJson(bytes: Uint8Array): string | { latin1: string } {
  try {
    return utf8.decode(bytes);
  } catch {
    return { latin1: Buffer.from(bytes).toString('latin1') };
  }
}

function sectionsOf(parsed: ParsedMessage, raw: Uint8Array): Record<string, unknown> {
  const names = ['HEADER', 'TEXT'];
  for (const part of allParts(parsed.structure)) {
    if (part.partId === '') continue;
    names.push(part.partId, `${part.partId}.MIME`);
    if (part.message) names.push(`${part.partId}.HEADER`, `${part.partId}.TEXT`);
  }
  const sections: Record<string, unknown> = {};
  for (const name of names) {
    const range = sectionRange(parsed, name);
    sections[name] = range ? bytesForJson(raw.subarray(range.start, range.end)) : null;
  }
  return sections;
}

test('the corpus is not empty', () => {
  assert.ok(names.length >= 30, `only ${names.length} messages in testdata/`);
});

for (const name of names) {
  test(`${name}.eml parses as recorded in ${name}.json`, async () => {
    const raw = readFileSync(join(TESTDATA, `${name}.eml`));
    const parsed = await parseMessage(raw);
    assertInvariants(parsed, raw);
    const actual = JSON.parse(JSON.stringify({ parsed, sections: sectionsOf(parsed, raw) }));
    const goldenPath = join(TESTDATA, `${name}.json`);
    if (isUpdating) writeFileSync(goldenPath, `${JSON.stringify(actual, null, 2)}\n`);
    assert.deepEqual(actual, JSON.parse(readFileSync(goldenPath, 'utf8')));
  });

  if (NOT_FOR_REFERENCE.has(name)) continue;
  test(`${name}.eml: every section's bytes match an independent reading of RFC 3501`, async () => {
    const raw = readFileSync(join(TESTDATA, `${name}.eml`));
    const parsed = await parseMessage(raw);
    const expected = referenceSections(raw);
    for (const [section, [start, end]] of expected) {
      const range = sectionRange(parsed, section);
      assert.ok(range, `section ${section} missing`);
      assert.equal(
        Buffer.from(raw.subarray(range.start, range.end)).toString('latin1'),
        Buffer.from(raw.subarray(start, end)).toString('latin1'),
        `section ${section}`,
      );
    }
    for (const part of allParts(parsed.structure)) {
      if (part.partId !== '')
        assert.ok(expected.has(part.partId), `part ${part.partId} unknown to the reference`);
    }
  });
}
