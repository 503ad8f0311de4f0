// CAPABILITY (RFC 9051 §6.1.1). Grammar: CAPABILITY

import { noArguments, ok, type ImapCommand } from '../command.ts';

export const capability: ImapCommand<undefined> = {
  name: 'CAPABILITY',
  states: ['notAuthenticated', 'authenticated', 'selected'],
  parse: noArguments,
  async run(session) {
    await session.sendLine(`* CAPABILITY ${session.capabilities().join(' ')}`);
    return ok('CAPABILITY completed');
  },
};
