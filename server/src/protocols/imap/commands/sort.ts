// SORT and UID SORT (RFC 5256 §3; DISPLAYFROM and DISPLAYTO, RFC 5957; MODSEQ, RFC 7162 §3.1.5): the SEARCH
// matches in the order the criteria give, ties by sequence number. Ordering is search/sort-run.ts's.
// Grammar: ["UID" SP] "SORT" SP "(" ["REVERSE" SP] sort-key *(SP ["REVERSE" SP] sort-key) ")"
//          SP charset 1*(SP search-key)
// The response is `* SORT` under IMAP4rev2 too: ESORT's ESEARCH form (RFC 5267) is not offered.

import { ok, type ImapCommand } from '../command.ts';
import { usesModseq } from '../search/search-criteria.ts';
import { highestModseq, sortResponse } from '../search/search-response.ts';
import { parseSortProgram, type SortProgram } from '../search/sort-criteria.ts';
import { runSort } from '../search/sort-run.ts';
import {
  findMatches,
  messageReader,
  type ParsedProgram,
  parseProgram,
  searchFailure,
} from './search-matches.ts';

function sortCommand(name: 'SORT' | 'UID SORT'): ImapCommand<ParsedProgram<SortProgram>> {
  const isUid = name === 'UID SORT';
  return {
    name,
    states: ['selected'],
    usesSequenceNumbers: !isUid,
    parse: (cursor, session) => parseProgram(cursor, session, parseSortProgram, (program) => program.search),
    async run(session, { program, refusal, isEnablingCondstore }) {
      if (refusal !== undefined) return searchFailure(refusal);
      let response: Buffer;
      try {
        const matches = await findMatches(session, program.search, { isUid, isEnablingCondstore });
        const sorted = await runSort(program.criteria, matches, messageReader(session));
        const numbers = sorted.map((match) => (isUid ? match.entry.uid : match.sequence));
        // RFC 7162 §3.1.5: with the MODSEQ key, the highest MODSEQ of all the messages returned.
        response = sortResponse(numbers, usesModseq(program.search) ? highestModseq(matches) : undefined);
      } catch (error) {
        return searchFailure(error);
      }
      await session.send(response);
      return ok(`${name} completed`);
    },
  };
}

export const sort = sortCommand('SORT');
export const uidSort = sortCommand('UID SORT');
