// The paragraphs of a message as the spell checker reads them, and the way back from an offset in their text
// to a position in the document. Each text block (paragraph, heading, list item's paragraph) is one text; a
// quoted message (blockquote) is left out, being someone else's writing. A line break or other inline node
// counts as one character, as it takes one position in ProseMirror, so offset i of a block's text is always
// document position `pos + 1 + i`. Code is not prose: a code block is left out, and text marked as code is
// blanked with spaces so the offsets still line up.

import type { Node as ProseMirrorNode } from '@tiptap/pm/model';

export interface Paragraph {
  /** Position of the text block node (its content starts one further). */
  readonly pos: number;
  /** Its text, one UTF-16 code unit per document position. */
  readonly text: string;
}

/** What an inline node that is not text stands for: a line break starts a line; anything else is a gap. */
const LINE_BREAK = '\n';
const OTHER_INLINE = '\uFFFC';

/** The text blocks of `doc` worth checking, in document order. */
export function checkableParagraphs(doc: ProseMirrorNode): Paragraph[] {
  const paragraphs: Paragraph[] = [];
  doc.descendants((node, pos) => {
    // A quoted message is someone else's writing: not underlined, not sent.
    if (node.type.name === 'blockquote') return false;
    if (!node.isTextblock) return true;
    if (node.type.spec.code !== true) paragraphs.push({ pos, text: blockText(node) });
    // A text block holds only inline content: nothing below it to visit.
    return false;
  });
  return paragraphs;
}

function blockText(block: ProseMirrorNode): string {
  let text = '';
  block.forEach((child) => {
    if (child.isText) {
      const content = child.text ?? '';
      text += child.marks.some((mark) => mark.type.spec.code === true) ? ' '.repeat(content.length) : content;
    } else {
      text += child.type.name === 'hardBreak' ? LINE_BREAK : OTHER_INLINE.repeat(child.nodeSize);
    }
  });
  return text;
}

/** The document range of text offsets [start, end) of `paragraph`. */
export function documentRange(
  paragraph: Paragraph,
  start: number,
  end: number,
): { from: number; to: number } {
  return { from: paragraph.pos + 1 + start, to: paragraph.pos + 1 + end };
}

/** Whether `text` has anything a spell checker could flag (a letter), so empty lines cost no request. */
export function hasWords(text: string): boolean {
  return /\p{L}/u.test(text);
}
