// What SEARCH, SORT and THREAD share: reading their program (a refused CHARSET is a NO to answer, not a
// failure to throw), running the search keys over the selected mailbox with search/runSearch, reading the
// stored rows SORT and THREAD order, and turning the library's SearchError into the tagged NO.
// Security: the programs are client input, parsed and evaluated within search/'s SearchLimits.

import type { Email } from '#domain/mail';
import { ok, type CommandResult, type CommandSession, type ImapCommand } from '../command.ts';
import { createHeaderReader } from '../search/header-reader.ts';
import { type SearchKey, usesModseq } from '../search/search-criteria.ts';
import { SearchError, searchErrorResponse } from '../search/search-errors.ts';
import { runSearch, type SearchMatch } from '../search/search-run.ts';
import type { MessageDataReader } from '../search/sort-run.ts';
import { DEFAULT_TIME_ZONE } from './internal-date-zone.ts';
import type { ArgumentCursor } from '../wire/argument-cursor.ts';
import { SequenceSet } from '../wire/sequence-set.ts';

/** A program, or the SearchError its parser met (an unsupported CHARSET: NO [BADCHARSET], not BAD). */
export type ParsedProgram<Program> =
  | { readonly program: Program; readonly refusal?: undefined; readonly isEnablingCondstore: boolean }
  | { readonly program?: undefined; readonly refusal: SearchError; readonly isEnablingCondstore?: undefined };

/**
 * Read a SEARCH, SORT or THREAD program after the command name. A ParseError (BAD) goes to the session; a
 * SearchError is kept for run() to answer, because the session would take it for a bug. The MODSEQ key makes
 * the command a CONDSTORE enabling one (RFC 7162 §3.1), so it enables CONDSTORE here, as parsers do.
 */
export function parseProgram<Program>(
  cursor: ArgumentCursor,
  session: CommandSession,
  parse: (cursor: ArgumentCursor) => Program,
  criteriaOf: (program: Program) => SearchKey,
): ParsedProgram<Program> {
  cursor.expectSpace();
  let program: Program;
  try {
    program = parse(cursor);
  } catch (error) {
    if (error instanceof SearchError) return { refusal: error };
    throw error;
  }
  const isEnablingCondstore = usesModseq(criteriaOf(program)) && !session.enabled.has('CONDSTORE');
  if (isEnablingCondstore) session.enable('CONDSTORE');
  return { program, isEnablingCondstore };
}

/** The tagged NO for a SearchError; any other error goes on to the session's mapping (DomainError `limit`…). */
export function searchFailure(error: unknown): CommandResult {
  if (error instanceof SearchError) return searchErrorResponse(error);
  throw error;
}

/**
 * The messages of the selected mailbox that match, in UID order, numbered as the client knows them. Changes
 * other sessions made are reported first so that the search sees them (new messages, flags), except that a
 * sequence form must not send EXPUNGE (RFC 9051 §7.5.1): with an expunge pending, everything waits, and it
 * searches the numbering the client has, where a message expunged meanwhile matches no key the index answers.
 */
export async function findMatches(
  session: CommandSession,
  criteria: SearchKey,
  options: { readonly isUid: boolean; readonly isEnablingCondstore: boolean },
): Promise<SearchMatch[]> {
  if (session.selected?.isStale === true) await session.refresh({ allowExpunge: options.isUid });
  const selected = session.selected;
  // The command table only runs these commands in the selected state.
  if (selected === undefined) throw new Error('search without a selected mailbox');
  // RFC 7162 §3.1: the first CONDSTORE enabling command on a selected mailbox reports its HIGHESTMODSEQ
  // (Dovecot does the same); the modseq up to which this client has been told, refreshed just above.
  if (options.isEnablingCondstore)
    await session.sendLine(`* OK [HIGHESTMODSEQ ${selected.highestModseq}] Highest`);
  const { mail, clock } = session.context;
  const { accountId, mailboxId } = selected;
  return runSearch({
    criteria,
    snapshot: selected.entries,
    // No saved result matches nothing; undefined lets the plan fold `$` to a constant.
    savedResult: session.savedResult.length > 0 ? SequenceSet.fromNumbers(session.savedResult) : undefined,
    accountId,
    mailboxId,
    queryEmails: (account, query) => mail.queryEmails(account, query),
    readHeaders: createHeaderReader(mail, accountId),
    // The calendar days BEFORE, ON, SINCE and SENT* name are the account's (search-dates.ts).
    timeZone: session.account?.timeZone ?? DEFAULT_TIME_ZONE,
    now: clock.nowMs(),
  });
}

/** SORT and THREAD read the stored rows without their costly parts (no body values, no attachments). */
export function messageReader(session: CommandSession): MessageDataReader {
  const { mail } = session.context;
  const accountId = session.selected?.accountId ?? '';
  return (emailIds): Promise<readonly Email[]> => mail.getEmails(accountId, emailIds, []);
}

/**
 * SORT and THREAD (and their UID forms): parse the program, find the matches, and send the one response
 * `respond` makes of them; a SearchError is the tagged NO. The program's search keys are in `search`.
 */
export function orderedSearchCommand<Program extends { readonly search: SearchKey }>(
  name: string,
  parse: (cursor: ArgumentCursor) => Program,
  respond: (
    session: CommandSession,
    program: Program,
    matches: SearchMatch[],
    isUid: boolean,
  ) => Promise<Buffer>,
): ImapCommand<ParsedProgram<Program>> {
  const isUid = name.startsWith('UID ');
  return {
    name,
    states: ['selected'],
    usesSequenceNumbers: !isUid,
    parse: (cursor, session) => parseProgram(cursor, session, parse, (program) => program.search),
    async run(session, { program, refusal, isEnablingCondstore }) {
      if (refusal !== undefined) return searchFailure(refusal);
      let response: Buffer;
      try {
        const matches = await findMatches(session, program.search, { isUid, isEnablingCondstore });
        response = await respond(session, program, matches, isUid);
      } catch (error) {
        return searchFailure(error);
      }
      await session.send(response);
      return ok(`${name} completed`);
    },
  };
}
