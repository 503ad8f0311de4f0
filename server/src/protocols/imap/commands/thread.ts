// THREAD and UID THREAD (RFC 5256 §4): the SEARCH matches grouped into conversations, by REFERENCES (the
// Message-ID, In-Reply-To and References links, then base subjects) or ORDEREDSUBJECT (base subject alone).
// Threading is search/thread-run.ts's.
// Grammar: ["UID" SP] "THREAD" SP ("REFERENCES" / "ORDEREDSUBJECT") SP charset 1*(SP search-key)

import { ok, type ImapCommand } from '../command.ts';
import { parseThreadProgram, type ThreadProgram } from '../search/sort-criteria.ts';
import { runThread, threadResponse } from '../search/thread-run.ts';
import {
  findMatches,
  messageReader,
  type ParsedProgram,
  parseProgram,
  searchFailure,
} from './search-matches.ts';

function threadCommand(name: 'THREAD' | 'UID THREAD'): ImapCommand<ParsedProgram<ThreadProgram>> {
  const isUid = name === 'UID THREAD';
  return {
    name,
    states: ['selected'],
    usesSequenceNumbers: !isUid,
    parse: (cursor, session) =>
      parseProgram(cursor, session, parseThreadProgram, (program) => program.search),
    async run(session, { program, refusal, isEnablingCondstore }) {
      if (refusal !== undefined) return searchFailure(refusal);
      let response: Buffer;
      try {
        const matches = await findMatches(session, program.search, { isUid, isEnablingCondstore });
        const threads = await runThread({
          algorithm: program.algorithm,
          matches,
          isUid,
          readMessages: messageReader(session),
        });
        response = threadResponse(threads);
      } catch (error) {
        return searchFailure(error);
      }
      await session.send(response);
      return ok(`${name} completed`);
    },
  };
}

export const thread = threadCommand('THREAD');
export const uidThread = threadCommand('UID THREAD');
