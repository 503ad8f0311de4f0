// vercors user add <address>: create an account (person, shared mailbox or resource), optionally with a
// password read from standard input, aliases and roles.

import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { usageError } from '../usage-error.ts';
import { parseMessageCount, parseQuotaSize } from './quota-options.ts';
import { readNewPassword } from './user-password-input.ts';
import { USER_MESSAGES } from './user-messages.ts';

export const userAddCommand: CliCommand = {
  name: 'user add',
  summary: {
    fr: 'Créer un compte (personne, boîte partagée ou ressource)',
    en: 'Create an account (person, shared mailbox or resource)',
  },
  usage:
    '<address> [--name TEXT] [--given-name TEXT] [--family-name TEXT] [--kind person|shared|resource] ' +
    '[--category CATEGORY] [--establishment UAI] [--locale fr|en] [--time-zone ZONE] [--quota SIZE] ' +
    '[--quota-messages N] [--alias ADDRESS]… [--role ROLE[:UAI]]… [--password-stdin]',
  options: {
    name: { type: 'string' },
    'given-name': { type: 'string' },
    'family-name': { type: 'string' },
    kind: { type: 'string' },
    category: { type: 'string' },
    establishment: { type: 'string' },
    locale: { type: 'string' },
    'time-zone': { type: 'string' },
    quota: { type: 'string' },
    'quota-messages': { type: 'string' },
    alias: { type: 'string', multiple: true },
    role: { type: 'string', multiple: true },
    'password-stdin': { type: 'boolean' },
  },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const option = (name: string) => {
      const value = context.options[name];
      return typeof value === 'string' ? value : undefined;
    };
    const list = (name: string) => {
      const value = context.options[name];
      return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string') : [];
    };
    const t = (key: Parameters<typeof USER_MESSAGES.t>[1], params?: Record<string, string | number>) =>
      USER_MESSAGES.t(context.locale, key, params);

    const quotaBytes = parseQuotaBytes(context, option('quota'));
    if (quotaBytes === false) return EXIT.usage;
    const quotaMessages = parsePositive(option('quota-messages'));
    if (quotaMessages === false)
      return usageError(context, userAddCommand, t('badNumber', { option: '--quota-messages' }));
    const roles = list('role').map(parseRoleOption);
    if (roles.some((role) => role === undefined)) return usageError(context, userAddCommand, t('badRole'));

    let password: string | undefined;
    if (context.options['password-stdin'] === true) {
      password = await readNewPassword(context);
      if (password === undefined) return EXIT.failure;
    }

    // A name is needed; without one, the address's local part is a readable stand-in (marie.martin).
    const email = context.positionals[0] ?? '';
    const givenName = option('given-name') ?? '';
    const familyName = option('family-name') ?? '';
    const displayName =
      option('name') ?? (`${givenName} ${familyName}`.trim() || email.split('@')[0] || email);

    const { identity } = await context.services();
    const account = await identity.createAccount({
      email,
      displayName,
      givenName,
      familyName,
      kind: option('kind'),
      profileCategory: option('category'),
      establishmentUai: option('establishment'),
      locale: option('locale'),
      timeZone: option('time-zone'),
      quotaBytes,
      quotaMessages,
      aliases: list('alias'),
      roles: roles.filter((role) => role !== undefined),
      ...(password !== undefined && { password }),
    });
    context.say(t('created', { email: account.email, name: account.displayName }));
    if (!account.hasPassword) context.say(t('noPassword', { email: account.email }));
    context.result(account);
    return EXIT.ok;
  },
};

/** undefined when absent, false after a usage error was printed. */
function parseQuotaBytes(context: CliContext, raw: string | undefined): number | undefined | false {
  if (raw === undefined) return undefined;
  const parsed = parseQuotaSize(raw, context.locale);
  if ('value' in parsed) return parsed.value;
  usageError(
    context,
    userAddCommand,
    USER_MESSAGES.t(context.locale, 'badSize', { option: '--quota', problem: parsed.problem }),
  );
  return false;
}

function parsePositive(raw: string | undefined): number | undefined | false {
  if (raw === undefined) return undefined;
  return parseMessageCount(raw) ?? false;
}

/** `admin` or `establishmentAdmin:0380027Y`. */
function parseRoleOption(text: string): { role: string; scope?: string } | undefined {
  const [role = '', scope, extra] = text.split(':');
  if (role === '' || extra !== undefined || scope === '') return undefined;
  return scope === undefined ? { role } : { role, scope };
}
