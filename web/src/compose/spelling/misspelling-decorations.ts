// The wavy underlines as ProseMirror decorations: built from the paragraph cache for the paragraphs it knows,
// kept (mapped) for those still being checked, and carried through every later edit so each stays on its
// word; an edit that changes an underlined word removes its underline until the next check says again. Each
// decoration is a span with aria-invalid="spelling", which screen readers announce as a spelling mistake.

import type { JmapMisspelling } from '@vercors/contract';
import type { Node as ProseMirrorNode } from '@tiptap/pm/model';
import type { Transaction } from '@tiptap/pm/state';
import { Decoration, DecorationSet } from '@tiptap/pm/view';
import type { ParagraphCache } from './paragraph-cache.ts';
import { checkableParagraphs, documentRange } from './paragraph-text.ts';

export const MISSPELLING_CLASS = 'spelling-error';

/** What a decoration carries for the menu. */
export interface MisspellingSpec {
  readonly word: string;
  readonly suggestions: readonly string[];
}

/** The decorations of `doc`: from the cache where it knows the paragraph, else the previous ones there. */
export function buildDecorations(
  doc: ProseMirrorNode,
  cache: ParagraphCache,
  ignored: ReadonlySet<string>,
  previous: DecorationSet,
  title: string,
): DecorationSet {
  const decorations: Decoration[] = [];
  for (const paragraph of checkableParagraphs(doc)) {
    const known = cache.get(paragraph.text);
    if (known === undefined) {
      const { from, to } = documentRange(paragraph, 0, paragraph.text.length);
      decorations.push(...previous.find(from, to));
      continue;
    }
    for (const entry of known) {
      if (ignored.has(entry.word)) continue;
      const { from, to } = documentRange(paragraph, entry.start, entry.end);
      decorations.push(misspellingDecoration(from, to, entry, title));
    }
  }
  return DecorationSet.create(doc, decorations);
}

function misspellingDecoration(from: number, to: number, entry: JmapMisspelling, title: string): Decoration {
  const spec: MisspellingSpec = { word: entry.word, suggestions: entry.suggestions };
  return Decoration.inline(
    from,
    to,
    { class: MISSPELLING_CLASS, 'aria-invalid': 'spelling', title },
    // Typing at either end is not part of the word the check judged.
    { ...spec, inclusiveStart: false, inclusiveEnd: false },
  );
}

/**
 * `set` after `tr`: moved with the text. Near what the transaction wrote, an underline stays only on the same
 * word still standing alone: a letter typed inside or against it ends it, a space after it does not.
 */
export function mapDecorations(set: DecorationSet, tr: Transaction): DecorationSet {
  if (!tr.docChanged) return set;
  let mapped = set.map(tr.mapping, tr.doc);
  for (const [from, to] of changedRanges(tr)) {
    const stale = mapped.find(from, to).filter((decoration) => !isSameWord(tr.doc, decoration));
    if (stale.length > 0) mapped = mapped.remove(stale);
  }
  return mapped;
}

const LETTER = /[\p{L}\p{M}\p{N}]/u;

function isSameWord(doc: ProseMirrorNode, decoration: Decoration): boolean {
  const textAt = (from: number, to: number) =>
    from < 0 || to > doc.content.size ? '' : doc.textBetween(from, to, '\n', '\uFFFC');
  const { from, to } = decoration;
  return (
    textAt(from, to) === (decoration.spec as MisspellingSpec).word &&
    !LETTER.test(textAt(from - 1, from)) &&
    !LETTER.test(textAt(to, to + 1))
  );
}

/** The ranges of the new document a transaction wrote (insertions; a deletion is the point where it was). */
function changedRanges(tr: Transaction): [number, number][] {
  const ranges: [number, number][] = [];
  tr.mapping.maps.forEach((stepMap, index) => {
    const later = tr.mapping.slice(index + 1);
    stepMap.forEach((_oldStart, _oldEnd, newStart, newEnd) => {
      ranges.push([later.map(newStart, -1), later.map(newEnd, 1)]);
    });
  });
  return ranges;
}

/** The underlined word at `pos`, if any: its range and what the menu offers. */
export function misspellingAt(
  set: DecorationSet,
  pos: number,
): { from: number; to: number; spec: MisspellingSpec } | undefined {
  const found = set.find(pos, pos, (spec) => typeof spec.word === 'string')[0];
  if (found === undefined) return undefined;
  return { from: found.from, to: found.to, spec: found.spec as MisspellingSpec };
}

/** The next underlined word after `pos` (from the start once past the last), for F7. */
export function nextMisspelling(
  set: DecorationSet,
  pos: number,
): { from: number; to: number; spec: MisspellingSpec } | undefined {
  const all = set.find(undefined, undefined, (spec) => typeof spec.word === 'string');
  all.sort((a, b) => a.from - b.from);
  const next = all.find((decoration) => decoration.from > pos) ?? all[0];
  if (next === undefined) return undefined;
  return { from: next.from, to: next.to, spec: next.spec as MisspellingSpec };
}
