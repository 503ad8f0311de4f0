// vercors user set-password <address> --password-stdin: the helpdesk sets a new password, after checking
// the person's identity out of band (DESIGN.md §1: never by e-mail). The password comes from standard input.

import { EXIT, type CliCommand } from '../cli-command.ts';
import { usageError } from '../usage-error.ts';
import { readNewPassword } from './user-password-input.ts';
import { USER_MESSAGES } from './user-messages.ts';

export const userSetPasswordCommand: CliCommand = {
  name: 'user set-password',
  summary: {
    fr: 'Définir le mot de passe d’un compte (lu sur l’entrée standard)',
    en: 'Set an account’s password (read from standard input)',
  },
  usage: '<address> --password-stdin',
  options: { 'password-stdin': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const t = (key: Parameters<typeof USER_MESSAGES.t>[1], params?: Record<string, string | number>) =>
      USER_MESSAGES.t(context.locale, key, params);
    if (context.options['password-stdin'] !== true) {
      return usageError(context, userSetPasswordCommand, t('passwordStdinRequired'));
    }
    const email = context.positionals[0] ?? '';
    const password = await readNewPassword(context);
    if (password === undefined) return EXIT.failure;
    const { identity } = await context.services();
    await identity.setPassword(email, password);
    const account = await identity.findAccount(email);
    context.say(t('passwordSet', { email: account?.email ?? email }));
    context.result({ email: account?.email ?? email, passwordChangedAt: account?.passwordChangedAt ?? null });
    return EXIT.ok;
  },
};
