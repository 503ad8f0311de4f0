// Reading a new password for `user add` and `user set-password`: from standard input only (never argv,
// which `ps` and shell history show), with a prompt when a person is typing at a terminal.

import type { CliContext } from '../cli-command.ts';
import { MAX_SECRET_BYTES, readSecretFromStdin } from '../read-secret.ts';
import { USER_MESSAGES } from './user-messages.ts';

/** The password, or undefined after telling the user that the input was too long. */
export async function readNewPassword(context: CliContext): Promise<string | undefined> {
  if ((context.stdin as { isTTY?: boolean }).isTTY === true) {
    context.warn(USER_MESSAGES.t(context.locale, 'passwordPrompt').trimEnd());
  }
  try {
    return await readSecretFromStdin(context.stdin);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    context.warn(USER_MESSAGES.t(context.locale, 'secretTooLong', { max: MAX_SECRET_BYTES }));
    return undefined;
  }
}
