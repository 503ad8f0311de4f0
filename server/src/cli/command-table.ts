// Every `vercors` command, in the order `vercors help` lists them.

import type { CliCommand } from './cli-command.ts';
import { configCommand } from './commands/config.ts';
import { doctorCommand } from './commands/doctor.ts';
import { domainAddCommand, domainListCommand, domainRemoveCommand } from './commands/domain.ts';
import { domainDkimCommand } from './commands/domain-dkim.ts';
import { initCommand } from './commands/init.ts';
import { mailImportCommand } from './commands/mail-import.ts';
import {
  queueDeleteCommand,
  queueHoldCommand,
  queueListCommand,
  queueReleaseCommand,
  queueRetryCommand,
  queueShowCommand,
} from './commands/queue.ts';
import { serveCommand } from './commands/serve.ts';
import {
  userAddCommand,
  userDeleteCommand,
  userListCommand,
  userReactivateCommand,
  userSetPasswordCommand,
  userShowCommand,
  userSuspendCommand,
} from './commands/user.ts';

export const COMMANDS: readonly CliCommand[] = [
  serveCommand,
  initCommand,
  configCommand,
  doctorCommand,
  domainAddCommand,
  domainListCommand,
  domainRemoveCommand,
  domainDkimCommand,
  userAddCommand,
  userListCommand,
  userShowCommand,
  userSetPasswordCommand,
  userSuspendCommand,
  userReactivateCommand,
  userDeleteCommand,
  mailImportCommand,
  queueListCommand,
  queueShowCommand,
  queueRetryCommand,
  queueHoldCommand,
  queueReleaseCommand,
  queueDeleteCommand,
];
