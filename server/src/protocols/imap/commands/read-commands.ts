// The commands that read messages: FETCH and UID FETCH.
// command-table.ts takes them from here.

import type { ImapCommand } from '../command.ts';
import { fetch, uidFetch } from './fetch.ts';

// Each command has its own argument type; the session hands parse()'s result back to the same command's run().
export const READ_COMMANDS: readonly ImapCommand<unknown>[] = [fetch, uidFetch];
