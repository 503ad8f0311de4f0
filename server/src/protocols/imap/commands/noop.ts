// NOOP and CHECK (RFC 9051 §6.1.2; CHECK is rev1's, §6.4.1 of RFC 3501): nothing to do but let the session
// report the selected mailbox's changes before the tagged reply, which it does after every command.
// Grammar: NOOP | CHECK

import { noArguments, ok, type ImapCommand } from '../command.ts';

export const noop: ImapCommand<undefined> = {
  name: 'NOOP',
  states: ['notAuthenticated', 'authenticated', 'selected'],
  parse: noArguments,
  run(session) {
    // The change feed only marks the snapshot stale; a NOOP is the client asking to be told.
    session.selected?.markStale();
    return Promise.resolve(ok('NOOP completed'));
  },
};

export const check: ImapCommand<undefined> = {
  ...noop,
  name: 'CHECK',
  states: ['selected'],
  run(session) {
    session.selected?.markStale();
    return Promise.resolve(ok('CHECK completed'));
  },
};
