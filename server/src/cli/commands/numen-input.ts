// Reading a NUMEN for `user set-numen` and `helpdesk check-numen`: from standard input only (it is confidential:
// never argv, which `ps` and shell history show), with a prompt when a person is typing at a terminal.

import { defineMessages } from '#core/i18n';
import type { CliContext } from '../cli-command.ts';
import { MAX_SECRET_BYTES, readSecretFromStdin } from '../read-secret.ts';

const MESSAGES = defineMessages({
  fr: {
    prompt: 'NUMEN (une ligne sur l’entrée standard) : ',
    tooLong: 'L’entrée standard dépasse {max} octets : ce n’est pas un NUMEN.',
  },
  en: {
    prompt: 'NUMEN (one line on standard input): ',
    tooLong: 'Standard input is longer than {max} bytes: it is not a NUMEN.',
  },
});

/** The NUMEN as typed (the domain checks its format), or undefined after saying the input was too long. */
export async function readNumen(context: CliContext): Promise<string | undefined> {
  if ((context.stdin as { isTTY?: boolean }).isTTY === true) {
    context.warn(MESSAGES.t(context.locale, 'prompt').trimEnd());
  }
  try {
    return await readSecretFromStdin(context.stdin);
  } catch (error) {
    if (!(error instanceof RangeError)) throw error;
    context.warn(MESSAGES.t(context.locale, 'tooLong', { max: MAX_SECRET_BYTES }));
    return undefined;
  }
}
