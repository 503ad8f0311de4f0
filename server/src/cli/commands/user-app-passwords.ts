// vercors user app-passwords <address>, user app-password add|revoke: the app passwords protocol clients
// (phones, Thunderbird, DAVx⁵) log in with (docs/access.md). The helpdesk makes one for a person who cannot
// reach the webmail settings; the secret is printed once and never again. Changes are audited, with no actor.

import { APP_PASSWORD_LIMITS, APP_PASSWORD_SCOPES, type AppPassword } from '#domain/identity';
import type { Locale } from '@vercors/contract';
import { defineMessages } from '#core/i18n';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { formatDate } from '../display-format.ts';
import { requireAccount } from '../require-account.ts';
import { formatTable } from '../text-table.ts';
import { usageError } from '../usage-error.ts';

/** The narrowest scope that serves most devices: mail only, unless --scope asks for calendars too. */
const DEFAULT_SCOPE = 'mail';
/** What the audit records as the reason for `--all`. */
const REVOKE_ALL_REASON = 'administratorRequest';

const MESSAGES = defineMessages({
  fr: {
    none: 'Aucun mot de passe d’application pour {email}. Créez-en un : vercors user app-password add {email} --name "Téléphone"',
    header: 'IDENTIFIANT|APPAREIL|PORTÉE|CRÉÉ LE|DERNIÈRE UTILISATION',
    lastUse: '{date} depuis {address} ({protocol})',
    never: 'jamais',
    count: '{count} sur {max} possibles.',
    nameRequired: '--name est requis : le nom de l’appareil (ex. --name "Téléphone de Marie")',
    badScope: '--scope attend {scopes}',
    created: 'Mot de passe d’application créé pour {email} : « {name} » (portée : {scope})',
    showOnce:
      'Notez-le maintenant : il ne sera plus affiché. Saisissez-le dans l’appareil à la place du mot de passe, avec l’adresse complète {email} comme identifiant.',
    idOrAll:
      'Indiquez l’identifiant du mot de passe à révoquer (vercors user app-passwords {email} les liste) ou --all',
    notBoth: 'Indiquez soit un identifiant, soit --all, pas les deux',
    revoked: 'Mot de passe d’application révoqué pour {email} : « {name} » ({id})',
    revokedAll: '{count} mot(s) de passe d’application révoqué(s) pour {email}.',
    nothingToRevoke: 'Aucun mot de passe d’application à révoquer pour {email}.',
    revokedEffect:
      'Effet immédiat en IMAP, SMTP et DAV ; un client JMAP déjà connecté est arrêté dans la minute.',
  },
  en: {
    none: 'No app password for {email}. Create one: vercors user app-password add {email} --name "Phone"',
    header: 'ID|DEVICE|SCOPE|CREATED ON|LAST USE',
    lastUse: '{date} from {address} ({protocol})',
    never: 'never',
    count: '{count} of {max} allowed.',
    nameRequired: '--name is required: the device’s name (e.g. --name "Marie’s phone")',
    badScope: '--scope takes {scopes}',
    created: 'App password created for {email}: "{name}" (scope: {scope})',
    showOnce:
      'Write it down now: it will not be shown again. Type it into the device instead of the password, with the full address {email} as the user name.',
    idOrAll:
      'Give the id of the app password to revoke (vercors user app-passwords {email} lists them) or --all',
    notBoth: 'Give either an id or --all, not both',
    revoked: 'App password revoked for {email}: "{name}" ({id})',
    revokedAll: '{count} app password(s) revoked for {email}.',
    nothingToRevoke: 'No app password to revoke for {email}.',
    revokedEffect:
      'Effective at once for IMAP, SMTP and DAV; a JMAP client already connected stops within a minute.',
  },
});

type MessageKey = (typeof MESSAGES.keys)[number];

function say(context: CliContext, key: MessageKey, params?: Record<string, string | number>): void {
  context.say(MESSAGES.t(context.locale, key, params));
}

export const userAppPasswordsCommand: CliCommand = {
  name: 'user app-passwords',
  summary: {
    fr: 'Lister les mots de passe d’application d’un compte et leur dernière utilisation',
    en: 'List an account’s app passwords and their last use',
  },
  usage: '<address>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const appPasswords = await identity.listAppPasswords(account.id);
    context.result(appPasswords);
    if (appPasswords.length === 0) {
      say(context, 'none', { email: account.email });
      return EXIT.ok;
    }
    const rows = appPasswords.map((p) => tableRow(context.locale, p, account.timeZone));
    context.say(formatTable(MESSAGES.t(context.locale, 'header').split('|'), rows));
    say(context, 'count', { count: appPasswords.length, max: APP_PASSWORD_LIMITS.maxPerAccount });
    return EXIT.ok;
  },
};

export const userAppPasswordAddCommand: CliCommand = {
  name: 'user app-password add',
  summary: {
    fr: 'Créer un mot de passe d’application (affiché une seule fois)',
    en: 'Create an app password (shown once)',
  },
  usage: '<address> --name NAME [--scope mail|dav|all]',
  options: { name: { type: 'string' }, scope: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const name = context.options.name;
    if (typeof name !== 'string' || name.trim() === '') {
      return usageError(context, userAppPasswordAddCommand, t('nameRequired'));
    }
    const scope = context.options.scope ?? DEFAULT_SCOPE;
    if (typeof scope !== 'string' || !(APP_PASSWORD_SCOPES as readonly string[]).includes(scope)) {
      return usageError(
        context,
        userAppPasswordAddCommand,
        t('badScope', { scopes: APP_PASSWORD_SCOPES.join('|') }),
      );
    }
    const { identity } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const { appPassword, secret } = await identity.createAppPassword(account.id, { name, scope }, {});
    say(context, 'created', { email: account.email, name: appPassword.name, scope: appPassword.scope });
    context.say(`\n    ${secret}\n\n`);
    say(context, 'showOnce', { email: account.email });
    context.result({ account: account.email, appPassword, secret });
    return EXIT.ok;
  },
};

export const userAppPasswordRevokeCommand: CliCommand = {
  name: 'user app-password revoke',
  summary: {
    fr: 'Révoquer un mot de passe d’application, ou tous (--all)',
    en: 'Revoke one app password, or all of them (--all)',
  },
  usage: '<address> (<id> | --all)',
  options: { all: { type: 'boolean' } },
  positionals: { min: 1, max: 2 },
  async run(context) {
    const [address = '', id] = context.positionals;
    const isAll = context.options.all === true;
    if (isAll && id !== undefined) {
      return usageError(context, userAppPasswordRevokeCommand, MESSAGES.t(context.locale, 'notBoth'));
    }
    if (!isAll && id === undefined) {
      const problem = MESSAGES.t(context.locale, 'idOrAll', { email: address });
      return usageError(context, userAppPasswordRevokeCommand, problem);
    }
    const { identity } = await context.services();
    const account = await requireAccount(identity, address);

    // All of them
    if (id === undefined) {
      const count = await identity.revokeAllAppPasswords(account.id, {}, REVOKE_ALL_REASON);
      say(context, count === 0 ? 'nothingToRevoke' : 'revokedAll', { count, email: account.email });
      if (count > 0) say(context, 'revokedEffect');
      context.result({ account: account.email, count });
      return EXIT.ok;
    }

    // One, named for the message before it goes (revoking an unknown id is notFound)
    const known = (await identity.listAppPasswords(account.id)).find((p) => p.id === id);
    await identity.revokeAppPassword(account.id, id, {});
    say(context, 'revoked', { email: account.email, name: known?.name ?? '', id });
    say(context, 'revokedEffect');
    context.result({ account: account.email, id, name: known?.name ?? null });
    return EXIT.ok;
  },
};

function tableRow(locale: Locale, p: AppPassword, timeZone: string): string[] {
  const date = (value: Date) => formatDate(locale, value, timeZone);
  const lastUse =
    p.lastUsed === null
      ? MESSAGES.t(locale, 'never')
      : MESSAGES.t(locale, 'lastUse', {
          date: date(p.lastUsed.at),
          address: p.lastUsed.address ?? '?',
          protocol: p.lastUsed.protocol ?? '?',
        });
  return [p.id, p.name, p.scope, date(p.createdAt), lastUse];
}
