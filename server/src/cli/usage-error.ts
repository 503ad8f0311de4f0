// A command's own usage errors (a missing required option) printed like the dispatcher's, with exit 64.

import type { CliCommand, CliContext } from './cli-command.ts';
import { EXIT } from './cli-command.ts';
import { CLI_MESSAGES } from './cli-messages.ts';

export function usageError(context: CliContext, command: CliCommand, problem: string): number {
  context.warn(
    CLI_MESSAGES.t(context.locale, 'badUsage', { problem, command: command.name, usage: command.usage }),
  );
  return EXIT.usage;
}
