// SORT and UID SORT (RFC 5256 §3; DISPLAYFROM and DISPLAYTO, RFC 5957; MODSEQ, RFC 7162 §3.1.5): the SEARCH
// matches in the order the criteria give, ties by sequence number. Ordering is search/sort-run.ts's.
// Grammar: ["UID" SP] "SORT" SP "(" ["REVERSE" SP] sort-key *(SP ["REVERSE" SP] sort-key) ")"
//          SP charset 1*(SP search-key)
// The response is `* SORT` under IMAP4rev2 too: ESORT's ESEARCH form (RFC 5267) is not offered.

import { usesModseq } from '../search/search-criteria.ts';
import { highestModseq, sortResponse } from '../search/search-response.ts';
import { parseSortProgram, type SortProgram } from '../search/sort-criteria.ts';
import { runSort } from '../search/sort-run.ts';
import { messageReader, orderedSearchCommand } from './search-matches.ts';

function sortCommand(name: 'SORT' | 'UID SORT') {
  return orderedSearchCommand<SortProgram>(
    name,
    parseSortProgram,
    async (session, program, matches, isUid) => {
      const sorted = await runSort(program.criteria, matches, messageReader(session));
      const numbers = sorted.map((match) => (isUid ? match.entry.uid : match.sequence));
      // RFC 7162 §3.1.5: with the MODSEQ key, the highest MODSEQ of all the messages returned.
      return sortResponse(numbers, usesModseq(program.search) ? highestModseq(matches) : undefined);
    },
  );
}

export const sort = sortCommand('SORT');
export const uidSort = sortCommand('UID SORT');
