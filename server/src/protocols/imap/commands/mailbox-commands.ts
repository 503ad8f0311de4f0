// The commands on mailboxes as a whole: LIST, LSUB, STATUS, CREATE, DELETE, RENAME, SUBSCRIBE, UNSUBSCRIBE and
// the quota commands. command-table.ts takes them from here.

import type { ImapCommand } from '../command.ts';
import { create } from './create.ts';
import { deleteCommand } from './delete.ts';
import { list } from './list.ts';
import { lsub } from './lsub.ts';
import { getQuota, getQuotaRoot, setQuota } from './quota.ts';
import { rename } from './rename.ts';
import { status } from './status.ts';
import { subscribe, unsubscribe } from './subscribe.ts';

// Each command has its own argument type; the session hands parse()'s result back to the same command's run().
export const MAILBOX_COMMANDS: readonly ImapCommand<unknown>[] = [
  list,
  lsub,
  status,
  create,
  deleteCommand,
  rename,
  subscribe,
  unsubscribe,
  getQuotaRoot,
  getQuota,
  setQuota,
];
