// AUTHENTICATE PLAIN (RFC 9051 §6.2.2, RFC 4616), with the initial response on the command line (SASL-IR,
// RFC 4959) or after an empty `+` challenge. Grammar: AUTHENTICATE SP auth-type [SP (base64 / "=")]
// Security: pre-auth; the response is bounded (MAX_SASL_RESPONSE_BYTES) and `*` cancels (RFC 9051 §6.2.2).

import { bad, no, type CommandSession, type ImapCommand } from '../command.ts';
import { attemptLogin } from '../login-attempt.ts';
import { MAX_SASL_RESPONSE_BYTES } from '../session-limits.ts';

interface AuthenticateArguments {
  readonly mechanism: string;
  /** undefined: ask for it with a continuation; '' for `=` (an empty initial response). */
  readonly initial: string | undefined;
}

export const authenticate: ImapCommand<AuthenticateArguments> = {
  name: 'AUTHENTICATE',
  states: ['notAuthenticated'],
  parse(cursor) {
    cursor.expectSpace();
    const mechanism = cursor.expectAtom('SASL mechanism').toUpperCase();
    let initial: string | undefined;
    if (cursor.peekChar() === ' ') {
      cursor.expectSpace();
      initial = cursor.expectAtom('Initial response');
    }
    cursor.expectEnd();
    return { mechanism, initial: initial === '=' ? '' : initial };
  },
  async run(session, { mechanism, initial }) {
    if (mechanism !== 'PLAIN') return no('Only PLAIN is supported', { name: 'CANNOT' });
    if (!session.isSecure)
      return no('Use TLS (port 993, or STARTTLS) to log in', { name: 'PRIVACYREQUIRED' });
    const response = initial ?? (await askResponse(session));
    if (response === undefined) return bad('Authentication cancelled');
    const credentials = decodePlain(response);
    if (credentials === undefined) return bad('Malformed PLAIN response');
    return attemptLogin(session, credentials.username, credentials.password);
  },
};

async function askResponse(session: CommandSession): Promise<string | undefined> {
  await session.sendLine('+ ');
  const line = await session.nextLine();
  if (line === undefined || line.length > MAX_SASL_RESPONSE_BYTES) return undefined;
  const text = line.toString('latin1').trim();
  return text === '*' ? undefined : text;
}

/** authzid NUL authcid NUL passwd; an authzid other than the user (proxy login) is not supported. */
function decodePlain(base64: string): { username: string; password: string } | undefined {
  if (base64.length > MAX_SASL_RESPONSE_BYTES || !/^[A-Za-z0-9+/]*={0,2}$/.test(base64)) return undefined;
  const parts = Buffer.from(base64, 'base64').toString('utf8').split('\u0000');
  if (parts.length !== 3) return undefined;
  const [authzid = '', username = '', password = ''] = parts;
  if (username === '' || (authzid !== '' && authzid !== username)) return undefined;
  return { username, password };
}
