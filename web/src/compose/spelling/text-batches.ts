// Paragraphs sent together: the texts of one pause go in as few Spelling/check calls as the server's length
// bound allows, joined by a blank line (the server reads a new line as a new sentence), and each answer is cut
// back into its paragraphs with offsets relative to each. A paragraph longer than the bound on its own is
// checked up to the last space before it (the rest waits until it is shorter: rare in a message).

import type { JmapMisspelling } from '@vercors/contract';

const SEPARATOR = '\n\n';

export interface TextBatch {
  /** What one Spelling/check call sends. */
  readonly text: string;
  /** Each paragraph in it: its index in the input and where its text starts in `text`. */
  readonly parts: readonly { readonly index: number; readonly offset: number; readonly length: number }[];
}

/** Pack `texts` in order into batches of at most `maxLength` UTF-16 code units. */
export function packTexts(texts: readonly string[], maxLength: number): TextBatch[] {
  const batches: TextBatch[] = [];
  let text = '';
  let parts: { index: number; offset: number; length: number }[] = [];
  const flush = () => {
    if (parts.length > 0) batches.push({ text, parts });
    text = '';
    parts = [];
  };
  texts.forEach((whole, index) => {
    const paragraph = whole.length > maxLength ? cutAtSpace(whole, maxLength) : whole;
    const needed = (parts.length > 0 ? SEPARATOR.length : 0) + paragraph.length;
    if (text.length + needed > maxLength) flush();
    if (parts.length > 0) text += SEPARATOR;
    parts.push({ index, offset: text.length, length: paragraph.length });
    text += paragraph;
  });
  flush();
  return batches;
}

function cutAtSpace(text: string, maxLength: number): string {
  const cut = text.lastIndexOf(' ', maxLength);
  return text.slice(0, cut > 0 ? cut : maxLength);
}

/** The misspellings of each part of `batch`, by the part's input index, offsets relative to the paragraph. */
export function splitAnswer(
  batch: TextBatch,
  misspelled: readonly JmapMisspelling[],
): Map<number, JmapMisspelling[]> {
  const byIndex = new Map<number, JmapMisspelling[]>(batch.parts.map((part) => [part.index, []]));
  for (const entry of misspelled) {
    const part = batch.parts.find((p) => entry.start >= p.offset && entry.end <= p.offset + p.length);
    // A range across parts cannot come from a word; one outside every part is ignored.
    if (part === undefined) continue;
    byIndex
      .get(part.index)
      ?.push({ ...entry, start: entry.start - part.offset, end: entry.end - part.offset });
  }
  return byIndex;
}
