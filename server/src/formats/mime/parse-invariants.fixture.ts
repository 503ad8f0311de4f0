// Structural invariants every ParsedMessage must satisfy, however broken the input: shared by the corpus,
// robustness and randomised tests.

import assert from 'node:assert/strict';
import { innerParts } from './part-tree.ts';
import type { MimePart, ParsedMessage } from './parsed-message.ts';
import { sectionRange } from './section-range.ts';

/** Assert offsets are ordered, inside [0, size] and nested inside their parent's body; types are consistent. */
export function assertInvariants(parsed: ParsedMessage, raw: Uint8Array): void {
  assert.equal(parsed.size, raw.length);
  const root = parsed.structure;
  assert.equal(root.headerStart, 0);
  assert.equal(root.bodyEnd, raw.length);
  assert.equal(parsed.headerSize, root.headerEnd);
  checkPart(root, 0, raw.length);
  for (const section of ['', 'HEADER', 'TEXT']) {
    const range = sectionRange(parsed, section);
    assert.ok(range && range.start >= 0 && range.start <= range.end && range.end <= raw.length, section);
  }
  assert.ok([...parsed.preview].length <= 256, 'preview longer than 256 characters');
  assert.ok(!parsed.subject.includes('\0') && !parsed.bodyText.includes('\0'));
}

function checkPart(part: MimePart, start: number, end: number): void {
  const where = `part '${part.partId}'`;
  assert.ok(start <= part.headerStart, `${where} starts before its parent`);
  assert.ok(part.headerStart <= part.headerEnd, `${where} header reversed`);
  assert.equal(part.headerEnd, part.bodyStart, `${where} body does not follow its header`);
  assert.ok(part.bodyStart <= part.bodyEnd, `${where} body reversed`);
  assert.ok(part.bodyEnd <= end, `${where} ends after its parent`);
  assert.equal(part.bodySize, part.bodyEnd - part.bodyStart);
  assert.equal(part.type === 'multipart', part.children.length > 0, `${where} multipart iff children`);
  const isMessage = part.type === 'message' && (part.subtype === 'rfc822' || part.subtype === 'global');
  assert.equal(isMessage, part.message !== undefined, `${where} message iff encapsulated`);
  let previousEnd = part.bodyStart;
  for (const child of innerParts(part)) {
    assert.ok(child.headerStart >= previousEnd, `part '${child.partId}' overlaps its previous sibling`);
    checkPart(child, part.bodyStart, part.bodyEnd);
    previousEnd = child.bodyEnd;
  }
  if (part.message) {
    assert.equal(part.message.structure.headerStart, part.bodyStart, `${where} nested message starts late`);
    assert.equal(part.message.structure.bodyEnd, part.bodyEnd, `${where} nested message ends early`);
  }
}
