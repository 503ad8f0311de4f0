// UNSELECT (RFC 3691, in RFC 9051 §6.4.2) and CLOSE (§6.4.1). Grammar: UNSELECT | CLOSE
// CLOSE also expunges the messages marked \Deleted, silently (no EXPUNGE responses), unless read-only.

import { noArguments, ok, type ImapCommand } from '../command.ts';

export const unselect: ImapCommand<undefined> = {
  name: 'UNSELECT',
  states: ['selected'],
  parse: noArguments,
  run(session) {
    session.select(undefined);
    return Promise.resolve(ok('UNSELECT completed'));
  },
};

export const close: ImapCommand<undefined> = {
  name: 'CLOSE',
  states: ['selected'],
  parse: noArguments,
  async run(session) {
    const selected = session.selected;
    // Unselect first: the expunge below must not be reported to this session.
    session.select(undefined);
    if (selected !== undefined && !selected.isReadOnly) {
      // The store's view, not the snapshot: another session may have undeleted a message meanwhile.
      const view = await session.context.mail.mailboxView(selected.accountId, selected.mailboxId);
      const deleted = view.filter((entry) => entry.keywords.includes('$deleted'));
      if (deleted.length > 0) {
        await session.context.mail.expunge(
          selected.accountId,
          selected.mailboxId,
          deleted.map((entry) => entry.uid),
        );
      }
    }
    return ok('CLOSE completed');
  },
};
