// The commands that change messages: APPEND, STORE, COPY, MOVE, EXPUNGE and their UID forms.
// command-table.ts takes them from here.

import type { ImapCommand } from '../command.ts';
import { append } from './append.ts';
import { copy, uidCopy } from './copy.ts';
import { expunge, uidExpunge } from './expunge.ts';
import { move, uidMove } from './move.ts';
import { store, uidStore } from './store.ts';

// Each command has its own argument type; the session passes parse()'s result back to its own run().
export const MESSAGE_COMMANDS: readonly ImapCommand<unknown>[] = [
  append,
  store,
  uidStore,
  copy,
  uidCopy,
  move,
  uidMove,
  expunge,
  uidExpunge,
];
