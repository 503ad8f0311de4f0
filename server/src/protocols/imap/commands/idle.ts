// IDLE (RFC 2177, in RFC 9051 §6.3.13): changes of the selected mailbox are sent as they happen (within the
// event bus's latency, well under a second) until the client sends DONE. Grammar: IDLE, then "DONE" CRLF.
// Expunges are allowed during IDLE: no sequence-number command is in progress.

import { bad, noArguments, ok, type ImapCommand } from '../command.ts';

export const idle: ImapCommand<undefined> = {
  name: 'IDLE',
  states: ['authenticated', 'selected'],
  parse: noArguments,
  async run(session) {
    await session.sendLine('+ idling');
    let wake: () => void = () => {};
    const stopListening = session.onStale(() => wake());
    try {
      const done = session.nextLine();
      let isDone = false;
      void done.then(() => {
        isDone = true;
        wake();
      });
      // Each turn sends what changed; a turn ends on a change or on the client's line.
      for (;;) {
        if (session.selected?.isStale) await session.refresh({ allowExpunge: true });
        if (isDone) break;
        await new Promise<void>((resolve) => {
          wake = resolve;
          if (isDone || session.selected?.isStale) resolve();
        });
      }
      const line = await done;
      if (line === undefined) return ok('IDLE ended');
      return line.toString('latin1').trim().toUpperCase() === 'DONE'
        ? ok('IDLE terminated')
        : bad('Expected DONE');
    } finally {
      stopListening();
    }
  },
};
