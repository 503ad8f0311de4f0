// SEARCH and UID SEARCH (RFC 9051 §6.4.4, RFC 3501 §6.4.4), with ESEARCH's RETURN options (RFC 4731), SAVE and
// `$` (RFC 5182) and the MODSEQ key (RFC 7162 §3.1.5). Parsing, evaluation and the responses are search/'s.
// Grammar: ["UID" SP] "SEARCH" [SP "RETURN" SP "(" [search-return-opt *(SP search-return-opt)] ")"]
//          [SP "CHARSET" SP charset] 1*(SP search-key)
// Without RETURN an IMAP4rev1 client gets `* SEARCH`, an IMAP4rev2 one `* ESEARCH … ALL` (RFC 9051 §7.3.4).

import { DomainError } from '#core/errors';
import { ok, type CommandSession, type ImapCommand } from '../command.ts';
import { FAILURE_RESPONSES } from '../error-responses.ts';
import { parseSearchProgram, type SearchProgram, usesModseq } from '../search/search-criteria.ts';
import { searchReply } from '../search/search-response.ts';
import type { SearchMatch } from '../search/search-run.ts';
import type { SequenceSet } from '../wire/sequence-set.ts';
import { findMatches, type ParsedProgram, parseProgram, searchFailure } from './search-matches.ts';

function searchCommand(name: 'SEARCH' | 'UID SEARCH'): ImapCommand<ParsedProgram<SearchProgram>> {
  const isUid = name === 'UID SEARCH';
  return {
    name,
    states: ['selected'],
    usesSequenceNumbers: !isUid,
    parse: (cursor, session) =>
      parseProgram(cursor, session, parseSearchProgram, (program) => program.criteria),
    async run(session, { program, refusal, isEnablingCondstore }, tag) {
      // XXX: RFC 5182 §2.1 wants `$` emptied when this NO follows RETURN (SAVE), but parseSearchProgram throws
      // at the charset without returning the RETURN options it read, so `$` is left as it was.
      if (refusal !== undefined) return searchFailure(refusal);
      const isSaving = program.returnOptions?.save === true;
      let matches: SearchMatch[];
      try {
        matches = await findMatches(session, program.criteria, { isUid, isEnablingCondstore });
      } catch (error) {
        if (isSaving && isRefusal(error)) forgetSavedResult(session);
        return searchFailure(error);
      }
      const reply = searchReply({
        tag,
        isUid,
        returnOptions: program.returnOptions,
        isRev2: session.enabled.has('IMAP4REV2'),
        hasModseq: usesModseq(program.criteria),
        matches,
      });
      if (reply.response !== undefined) await session.send(reply.response);
      if (reply.saved !== undefined) session.savedResult = uidsOf(reply.saved);
      return ok(`${name} completed`);
    },
  };
}

/**
 * A SEARCH with SAVE that ends in NO empties `$`; one that ends in BAD leaves it (RFC 5182 §2.1), so a later
 * `FETCH $` cannot act on the result of an older search the client thinks was replaced.
 */
function forgetSavedResult(session: CommandSession): void {
  session.savedResult = [];
}

/** Whether the session will answer this error with NO (everything but the domain's `invalid`, a BAD). */
function isRefusal(error: unknown): boolean {
  return !(error instanceof DomainError && FAILURE_RESPONSES[error.code].status === 'BAD');
}

/** The UIDs of a saved set: finite, and bounded by the mailbox's size since they are UIDs that matched. */
function uidsOf(set: SequenceSet): number[] {
  const uids: number[] = [];
  for (const { start, end } of set.ranges) for (let uid = start; uid <= end; uid++) uids.push(uid);
  return uids;
}

export const search = searchCommand('SEARCH');
export const uidSearch = searchCommand('UID SEARCH');
