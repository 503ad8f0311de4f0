// The commands that find messages: SEARCH, SORT, THREAD and their UID forms. command-table.ts takes them from
// here.

import type { ImapCommand } from '../command.ts';
import { search, uidSearch } from './search.ts';
import { sort, uidSort } from './sort.ts';
import { thread, uidThread } from './thread.ts';

// Each command has its own argument type; the session hands parse()'s result back to the same command's run().
export const SEARCH_COMMANDS: readonly ImapCommand<unknown>[] = [
  search,
  uidSearch,
  sort,
  uidSort,
  thread,
  uidThread,
];
