// LOGIN (RFC 9051 §6.2.3). Grammar: LOGIN SP userid SP password   (both astrings)
// Refused before TLS on a network connection ([PRIVACYREQUIRED], with LOGINDISABLED advertised).

import { no, type ImapCommand } from '../command.ts';
import { attemptLogin } from '../login-attempt.ts';

interface LoginArguments {
  readonly username: string;
  readonly password: string;
}

export const login: ImapCommand<LoginArguments> = {
  name: 'LOGIN',
  states: ['notAuthenticated'],
  parse(cursor) {
    cursor.expectSpace();
    const username = cursor.expectAstring('User name');
    cursor.expectSpace();
    const password = cursor.expectAstring('Password');
    cursor.expectEnd();
    return { username, password };
  },
  async run(session, { username, password }) {
    if (!session.isSecure)
      return no('Use TLS (port 993, or STARTTLS) to log in', { name: 'PRIVACYREQUIRED' });
    return attemptLogin(session, username, password);
  },
};
