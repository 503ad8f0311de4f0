// STARTTLS (RFC 9051 §6.2.1). Grammar: STARTTLS
// The session negotiates TLS after the tagged OK and drops anything the client sent in the clear after the
// command; the client must ask for CAPABILITY again, which then offers AUTH=PLAIN.

import { bad, noArguments, type ImapCommand } from '../command.ts';

export const starttls: ImapCommand<undefined> = {
  name: 'STARTTLS',
  states: ['notAuthenticated'],
  parse: noArguments,
  run(session) {
    if (session.isTls || !session.capabilities().includes('STARTTLS'))
      return Promise.resolve(bad('TLS already active or not offered'));
    return Promise.resolve({ status: 'OK', text: 'Begin TLS negotiation now', then: 'startTls' });
  },
};
