// ENABLE (RFC 5161): the client turns on extensions that change what the server sends.
// Grammar: ENABLE SP capability *(SP capability)
// Unknown or unsupported names are ignored, as the RFC says; the ENABLED response lists what took effect.

import { ok, type Enabled, type ImapCommand } from '../command.ts';

/** What ENABLE can turn on here. */
const ENABLEABLE: ReadonlySet<string> = new Set<Enabled>([
  'CONDSTORE',
  'QRESYNC',
  'UTF8=ACCEPT',
  'IMAP4REV2',
]);
/** More names than any real client sends: a bound on the argument list. */
const MAX_NAMES = 32;

export const enable: ImapCommand<string[]> = {
  name: 'ENABLE',
  states: ['authenticated'],
  parse(cursor) {
    const names: string[] = [];
    do {
      cursor.expectSpace();
      names.push(cursor.expectAtom('Capability').toUpperCase());
      if (names.length > MAX_NAMES) cursor.fail(`at most ${MAX_NAMES} capabilities`);
    } while (cursor.peekChar() === ' ');
    cursor.expectEnd();
    return names;
  },
  async run(session, names) {
    const enabled: string[] = [];
    for (const name of names) {
      if (
        !ENABLEABLE.has(name) ||
        !session.capabilities().includes(name === 'IMAP4REV2' ? 'IMAP4rev2' : name)
      )
        continue;
      if (!session.enabled.has(name as Enabled)) enabled.push(name === 'IMAP4REV2' ? 'IMAP4rev2' : name);
      session.enable(name as Enabled);
    }
    await session.sendLine(`* ENABLED${enabled.map((name) => ` ${name}`).join('')}`);
    return ok('ENABLE completed');
  },
};
