// THREAD and UID THREAD (RFC 5256 §4): the SEARCH matches grouped into conversations, by REFERENCES (the
// Message-ID, In-Reply-To and References links, then base subjects) or ORDEREDSUBJECT (base subject alone).
// Threading is search/thread-run.ts's.
// Grammar: ["UID" SP] "THREAD" SP ("REFERENCES" / "ORDEREDSUBJECT") SP charset 1*(SP search-key)

import { parseThreadProgram, type ThreadProgram } from '../search/sort-criteria.ts';
import { runThread, threadResponse } from '../search/thread-run.ts';
import { messageReader, orderedSearchCommand } from './search-matches.ts';

function threadCommand(name: 'THREAD' | 'UID THREAD') {
  return orderedSearchCommand<ThreadProgram>(
    name,
    parseThreadProgram,
    async (session, program, matches, isUid) => {
      const threads = await runThread({
        algorithm: program.algorithm,
        matches,
        isUid,
        readMessages: messageReader(session),
      });
      return threadResponse(threads);
    },
  );
}

export const thread = threadCommand('THREAD');
export const uidThread = threadCommand('UID THREAD');
