// ID (RFC 2971): the client says who it is (logged: it helps support), we say who we are.
// Grammar: ID ( "(" field value *(SP field value) ")" / NIL )
// Security: pre-auth; at most 30 pairs of bounded strings (RFC 2971 §3.3), values only logged, truncated.

import { ok, type ImapCommand } from '../command.ts';

/** RFC 2971 §3.3: at most 30 field-value pairs. */
const MAX_ID_PAIRS = 30;
/** Field names are at most 30 octets and values 1024 (RFC 2971 §3.3); the log keeps less. */
const LOGGED_VALUE_CHARS = 128;

type IdFields = Record<string, string | null> | null;

export const id: ImapCommand<IdFields> = {
  name: 'ID',
  states: ['notAuthenticated', 'authenticated', 'selected'],
  parse(cursor) {
    cursor.expectSpace();
    if (cursor.peekKeyword() === 'NIL') {
      cursor.expectAtom();
      cursor.expectEnd();
      return null;
    }
    cursor.expectChar('(');
    const fields: Record<string, string | null> = {};
    let count = 0;
    while (!cursor.skip(')')) {
      if (count > 0) cursor.expectSpace();
      if (++count > MAX_ID_PAIRS) cursor.fail(`at most ${MAX_ID_PAIRS} ID fields`);
      const field = cursor.expectString('ID field').toString('utf8').slice(0, 30).toLowerCase();
      cursor.expectSpace();
      const value = cursor.expectNstring('ID value');
      fields[field] = value === null ? null : value.slice(0, LOGGED_VALUE_CHARS);
    }
    cursor.expectEnd();
    return fields;
  },
  async run(session, fields) {
    session.context.log.info({ session: session.id, client: fields }, 'imap client id');
    await session.sendLine('* ID ("name" "Vercors" "vendor" "Vercors")');
    return ok('ID completed');
  },
};
