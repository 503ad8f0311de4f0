// LOGOUT (RFC 9051 §6.1.3). Grammar: LOGOUT
// The untagged BYE comes first, then the tagged OK, then the connection closes.

import { noArguments, type ImapCommand } from '../command.ts';

export const logout: ImapCommand<undefined> = {
  name: 'LOGOUT',
  states: ['notAuthenticated', 'authenticated', 'selected'],
  parse: noArguments,
  async run(session) {
    await session.sendLine('* BYE Logging out');
    return { status: 'OK', text: 'LOGOUT completed', then: 'close' };
  },
};
