// vercors user suspend|reactivate|delete <address>: the account's life cycle. Suspension needs a reason
// (it is recorded for the helpdesk and the audit); deletion needs --yes because it cannot be undone.

import { EXIT, type CliCommand } from '../cli-command.ts';
import { usageError } from '../usage-error.ts';
import { USER_MESSAGES } from './user-messages.ts';

export const userSuspendCommand: CliCommand = {
  name: 'user suspend',
  summary: { fr: 'Suspendre un compte, avec un motif', en: 'Suspend an account, with a reason' },
  usage: '<address> --reason TEXT',
  options: { reason: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const reason = context.options.reason;
    if (typeof reason !== 'string' || reason.trim() === '') {
      return usageError(context, userSuspendCommand, USER_MESSAGES.t(context.locale, 'reasonRequired'));
    }
    const { identity } = await context.services();
    const account = await identity.suspendAccount(context.positionals[0] ?? '', reason);
    context.say(
      USER_MESSAGES.t(context.locale, 'suspended', {
        email: account.email,
        reason: account.statusReason ?? '',
      }),
    );
    context.result(account);
    return EXIT.ok;
  },
};

export const userReactivateCommand: CliCommand = {
  name: 'user reactivate',
  summary: {
    fr: 'Réactiver un compte suspendu ou désactivé',
    en: 'Reactivate a suspended or disabled account',
  },
  usage: '<address>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity } = await context.services();
    const account = await identity.reactivateAccount(context.positionals[0] ?? '');
    context.say(USER_MESSAGES.t(context.locale, 'reactivated', { email: account.email }));
    context.result(account);
    return EXIT.ok;
  },
};

export const userDeleteCommand: CliCommand = {
  name: 'user delete',
  summary: { fr: 'Supprimer définitivement un compte (--yes)', en: 'Delete an account for good (--yes)' },
  usage: '<address> --yes',
  options: { yes: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const email = (context.positionals[0] ?? '').trim().toLowerCase();
    if (context.options.yes !== true) {
      return usageError(
        context,
        userDeleteCommand,
        USER_MESSAGES.t(context.locale, 'confirmDelete', { email }),
      );
    }
    const { identity } = await context.services();
    await identity.deleteAccount(email);
    context.say(USER_MESSAGES.t(context.locale, 'deleted', { email }));
    context.result({ deleted: email });
    return EXIT.ok;
  },
};
