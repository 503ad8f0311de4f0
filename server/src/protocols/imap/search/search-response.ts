// The untagged responses of SEARCH and SORT: `* SEARCH 2 5 7` (RFC 3501 §7.2.5; `(MODSEQ n)` appended when the
// MODSEQ key was used, RFC 7162 §3.1.5), `* ESEARCH (TAG "A1") UID MIN 2 MAX 7 COUNT 3 ALL 2,5:7 MODSEQ n`
// (RFC 4731, RFC 9051 §7.3.4), `* SORT 5 2 7` (RFC 5256), and what SAVE stores as `$` (RFC 5182 §2.4).
// ESEARCH data follow Dovecot's order and rules: MIN, MAX and ALL only when something matched, COUNT always.

import { ResponseWriter } from '../wire/encoder.ts';
import { SequenceSet } from '../wire/sequence-set.ts';
import type { ReturnOptions } from './search-criteria.ts';
import type { SearchMatch } from './search-run.ts';

export interface SearchReplyInput {
  readonly tag: string;
  /** UID SEARCH: numbers are UIDs and ESEARCH says UID. */
  readonly isUid: boolean;
  /** The program's RETURN options; undefined when it had none. */
  readonly returnOptions: ReturnOptions | undefined;
  /**
   * ESEARCH without RETURN: IMAP4rev2 enabled (RFC 9051 replaced the SEARCH response with ESEARCH ALL).
   * With RETURN, ESEARCH is sent whatever this says.
   */
  readonly isRev2: boolean;
  /** The MODSEQ key was used (usesModseq): the highest MODSEQ of the messages returned goes with them. */
  readonly hasModseq: boolean;
  /** In UID order. */
  readonly matches: readonly SearchMatch[];
}

export interface SearchReply {
  /** The untagged response to send before the tagged OK, if any (RETURN (SAVE) alone sends none). */
  readonly response: Buffer | undefined;
  /** The new `$` as UIDs when SAVE was asked, else undefined (the saved result stays as it was). */
  readonly saved: SequenceSet | undefined;
}

/** What SEARCH answers, and what it saves. */
export function searchReply(input: SearchReplyInput): SearchReply {
  const { returnOptions } = input;
  if (returnOptions === undefined && !input.isRev2) {
    return {
      response: classicSearch('SEARCH', numbersOf(input.matches, input.isUid), modseqOf(input)),
      saved: undefined,
    };
  }
  const options = returnOptions ?? { min: false, max: false, all: true, count: false, save: false };
  const returned = returnedMatches(input.matches, options);
  const saved = options.save ? SequenceSet.fromNumbers(returned.map((match) => match.entry.uid)) : undefined;
  // RETURN (SAVE) alone: the client only wants `$` (RFC 5182 §2.4), no ESEARCH.
  if (options.save && !options.min && !options.max && !options.all && !options.count) {
    return { response: undefined, saved };
  }
  return { response: esearch(input, options, returned), saved };
}

/** `* SORT 5 2 7 (MODSEQ 9)`: the numbers in the order given. */
export function sortResponse(numbers: readonly number[], highestModseq?: number): Buffer {
  return classicSearch('SORT', numbers, highestModseq);
}

/** The highest MODSEQ among these matches; undefined when there are none. */
export function highestModseq(matches: readonly SearchMatch[]): number | undefined {
  let highest: number | undefined;
  for (const { entry } of matches)
    if (highest === undefined || entry.modseq > highest) highest = entry.modseq;
  return highest;
}

/**
 * The messages the response speaks of: MIN and/or MAX alone (with SAVE) return only those (RFC 5182 §2.4, RFC
 * 4731 §3.2: their MODSEQ and what SAVE keeps); with ALL or COUNT, every match.
 */
function returnedMatches(matches: readonly SearchMatch[], options: ReturnOptions): readonly SearchMatch[] {
  if (options.all || options.count || (!options.min && !options.max)) return matches;
  const first = matches[0];
  const last = matches[matches.length - 1];
  if (first === undefined || last === undefined) return [];
  if (options.min && options.max) return first === last ? [first] : [first, last];
  return options.min ? [first] : [last];
}

function esearch(input: SearchReplyInput, options: ReturnOptions, returned: readonly SearchMatch[]): Buffer {
  const writer = new ResponseWriter().untagged().atom('ESEARCH');
  writer.openList().atom('TAG').string(input.tag).closeList();
  if (input.isUid) writer.atom('UID');
  const numbers = numbersOf(input.matches, input.isUid);
  if (numbers.length > 0) {
    if (options.min) writer.atom('MIN').number(numbers[0]!);
    if (options.max) writer.atom('MAX').number(numbers[numbers.length - 1]!);
    if (options.all) writer.atom('ALL').atom(SequenceSet.fromNumbers(numbers).format());
  }
  if (options.count) writer.atom('COUNT').number(numbers.length);
  const modseq = input.hasModseq ? highestModseq(returned) : undefined;
  if (modseq !== undefined) writer.atom('MODSEQ').number(modseq);
  return Buffer.concat(writer.endLine().finish());
}

function classicSearch(
  name: 'SEARCH' | 'SORT',
  numbers: readonly number[],
  modseq: number | undefined,
): Buffer {
  // One join, not a writer call per number: a 100,000-message result is one 600 KB line.
  const list = numbers.length === 0 ? '' : ` ${numbers.join(' ')}`;
  const suffix = modseq === undefined ? '' : ` (MODSEQ ${modseq})`;
  return Buffer.from(`* ${name}${list}${suffix}\r\n`, 'latin1');
}

function modseqOf(input: SearchReplyInput): number | undefined {
  return input.hasModseq ? highestModseq(input.matches) : undefined;
}

function numbersOf(matches: readonly SearchMatch[], isUid: boolean): number[] {
  return matches.map((match) => (isUid ? match.entry.uid : match.sequence));
}
