// vercors helpdesk check-numen <address>, helpdesk issue-code <address> [--numen-checked] [--card-seen]: the
// helpdesk's recovery from the server's shell (docs/access.md, "Helpdesk recovery"; the helpdesk itself works
// through the admin HTTP API). The NUMEN is read from standard input; the code is printed once, with its expiry
// in Paris time, and only its hash is kept. Both are audited with no actor: the command line acts as the system.

import { defineMessages } from '#core/i18n';
import { CORE_SETTINGS } from '#core/settings';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { ACADEMIE_TIME_ZONE, formatDateTime } from '../local-time.ts';
import { requireAccount } from '../require-account.ts';
import { readNumen } from './numen-input.ts';

const MESSAGES = defineMessages({
  fr: {
    match: 'Le NUMEN correspond à celui de {email}.',
    mismatch: 'Le NUMEN ne correspond pas à celui de {email}.',
    issued: 'Code d’activation pour {email}, valable une fois jusqu’au {expires} (heure de Paris) :',
    showOnce:
      'Lisez-le à la personne maintenant : il ne sera plus affiché. Elle choisit son mot de passe sur https://{host}/activate ; ses seconds facteurs, sessions et mots de passe d’application seront supprimés.',
  },
  en: {
    match: 'The NUMEN matches the one of {email}.',
    mismatch: 'The NUMEN does not match the one of {email}.',
    issued: 'Activation code for {email}, valid once until {expires} (Paris time):',
    showOnce:
      'Read it to the person now: it will not be shown again. They choose their password at https://{host}/activate; their second factors, sessions and app passwords will be removed.',
  },
});

type MessageKey = (typeof MESSAGES.keys)[number];

function say(context: CliContext, key: MessageKey, params?: Record<string, string | number>): void {
  context.say(MESSAGES.t(context.locale, key, params));
}

export const helpdeskCheckNumenCommand: CliCommand = {
  name: 'helpdesk check-numen',
  summary: {
    fr: 'Vérifier le NUMEN donné par une personne (lu sur l’entrée standard) ; 5 erreurs par heure au plus',
    en: 'Check the NUMEN a person gives (read from standard input); at most 5 wrong ones an hour',
  },
  usage: '<address>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const numen = await readNumen(context);
    if (numen === undefined) return EXIT.failure;
    const { identity } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const isMatch = await identity.checkNumen('system', account.id, numen, {});
    say(context, isMatch ? 'match' : 'mismatch', { email: account.email });
    context.result({ email: account.email, result: isMatch ? 'match' : 'mismatch' });
    return isMatch ? EXIT.ok : EXIT.failure;
  },
};

export const helpdeskIssueCodeCommand: CliCommand = {
  name: 'helpdesk issue-code',
  summary: {
    fr: 'Remettre un code d’activation à usage unique après vérification d’identité (affiché une seule fois)',
    en: 'Issue a one-time activation code after an identity check (shown once)',
  },
  usage: '<address> [--numen-checked] [--card-seen]',
  options: { 'numen-checked': { type: 'boolean' }, 'card-seen': { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity, config } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    const issued = await identity.issueActivationCode(
      'system',
      account.id,
      {
        numenChecked: context.options['numen-checked'] === true,
        professionalCardSeen: context.options['card-seen'] === true,
      },
      {},
    );
    const expires = formatDateTime(issued.expiresAt.getTime(), ACADEMIE_TIME_ZONE).slice(0, 16);
    say(context, 'issued', { email: issued.email, expires });
    context.say(`\n    ${issued.code}\n\n`);
    say(context, 'showOnce', { host: config.get(CORE_SETTINGS).hostname });
    context.result({ email: issued.email, code: issued.code, expiresAt: issued.expiresAt.toISOString() });
    return EXIT.ok;
  },
};
