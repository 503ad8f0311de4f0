// Split a .vcf file holding several cards (an export from another server or a phone) into one text per card,
// for import. Only BEGIN:VCARD / END:VCARD lines are looked at (vCard 3 AGENT may nest a card: depth counts);
// each card's text is kept as written, so the import stores what the file said.
// Security: the file is bounded in bytes and cards; text outside a card is skipped; a card left open is
// reported, never merged into the next.

import { ParseError } from '#core/errors';
import { VCARD_LIMITS } from './vcard-limits.ts';

export interface SplitCard {
  /** 1-based line of its BEGIN:VCARD in the file, for the import report. */
  readonly line: number;
  readonly text: string;
}

export interface SplitResult {
  readonly cards: readonly SplitCard[];
  /** A card started on this line and never ended (the file was cut). */
  readonly unterminatedAt?: number;
}

export function splitVcards(file: string): SplitResult {
  if (Buffer.byteLength(file, 'utf8') > VCARD_LIMITS.maxImportBytes)
    throw new ParseError('tooBig', `a vCard file is limited to ${VCARD_LIMITS.maxImportBytes} bytes`);
  const lines = file.split(/\r?\n/);
  const cards: SplitCard[] = [];
  let start = -1;
  let depth = 0;
  for (let index = 0; index < lines.length; index++) {
    const line = (lines[index] ?? '').trim().toUpperCase();
    if (line === 'BEGIN:VCARD') {
      if (depth === 0) start = index;
      depth += 1;
    } else if (line === 'END:VCARD' && depth > 0) {
      depth -= 1;
      if (depth === 0) {
        if (cards.length >= VCARD_LIMITS.maxImportCards)
          throw new ParseError(
            'tooManyCards',
            `a vCard file is limited to ${VCARD_LIMITS.maxImportCards} cards`,
          );
        cards.push({ line: start + 1, text: `${lines.slice(start, index + 1).join('\r\n')}\r\n` });
      }
    }
  }
  return depth > 0 ? { cards, unterminatedAt: start + 1 } : { cards };
}
