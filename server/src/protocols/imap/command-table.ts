// Every IMAP command this server runs, by name (Dovecot's imap-commands.c): the table is the one place that
// says which state a command needs and which rules apply to it (command.ts flags). `UID FETCH` and friends
// are their own rows. A command missing here is answered BAD "Unknown command".

import type { ImapCommand } from './command.ts';
import { authenticate } from './commands/authenticate.ts';
import { capability } from './commands/capability.ts';
import { compress } from './commands/compress.ts';
import { enable } from './commands/enable.ts';
import { id } from './commands/id.ts';
import { idle } from './commands/idle.ts';
import { login } from './commands/login.ts';
import { MAILBOX_COMMANDS } from './commands/mailbox-commands.ts';
import { MESSAGE_COMMANDS } from './commands/message-commands.ts';
import { logout } from './commands/logout.ts';
import { namespace } from './commands/namespace.ts';
import { check, noop } from './commands/noop.ts';
import { examine, select } from './commands/select.ts';
import { READ_COMMANDS } from './commands/read-commands.ts';
import { SEARCH_COMMANDS } from './commands/search-commands.ts';
import { starttls } from './commands/starttls.ts';
import { close, unselect } from './commands/unselect.ts';

/** Each row has its own argument type; the session hands parse()'s result back to the same row's run(). */
type AnyCommand = ImapCommand<unknown>;

const COMMANDS: readonly AnyCommand[] = [
  // Any state
  capability,
  noop,
  logout,
  id,
  // Not authenticated
  starttls,
  login,
  authenticate,
  // Authenticated
  enable,
  namespace,
  select,
  examine,
  idle,
  compress,
  ...MAILBOX_COMMANDS,
  // Selected
  check,
  close,
  unselect,
  ...READ_COMMANDS,
  ...SEARCH_COMMANDS,
  ...MESSAGE_COMMANDS,
];

const BY_NAME: ReadonlyMap<string, AnyCommand> = new Map(COMMANDS.map((command) => [command.name, command]));

export function findCommand(name: string): AnyCommand | undefined {
  return BY_NAME.get(name);
}

/** The names, for tests that check every command has a transcript. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map((command) => command.name);
