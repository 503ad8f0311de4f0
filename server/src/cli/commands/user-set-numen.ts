// vercors user set-numen <address> [--clear]: keep the person's NUMEN for the helpdesk's identity check (the HR
// import does the same for everybody). It is read from standard input, stored only as an argon2id hash, and
// the change is audited as `account.updated`, with no actor: the command line acts as the system.

import { defineMessages } from '#core/i18n';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { requireAccount } from '../require-account.ts';
import { readNumen } from './numen-input.ts';

const MESSAGES = defineMessages({
  fr: {
    set: 'NUMEN enregistré pour {email} (seule son empreinte est conservée).',
    cleared: 'NUMEN retiré pour {email}.',
  },
  en: {
    set: 'NUMEN stored for {email} (only its hash is kept).',
    cleared: 'NUMEN removed for {email}.',
  },
});

export const userSetNumenCommand: CliCommand = {
  name: 'user set-numen',
  summary: {
    fr: 'Enregistrer le NUMEN d’un compte (lu sur l’entrée standard), pour la vérification par l’assistance',
    en: 'Store an account’s NUMEN (read from standard input), for the helpdesk’s identity check',
  },
  usage: '<address> [--clear]',
  options: { clear: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const isClear = context.options.clear === true;
    const numen = isClear ? null : await readNumen(context);
    if (numen === undefined) return EXIT.failure;
    const { identity } = await context.services();
    const account = await requireAccount(identity, context.positionals[0] ?? '');
    await identity.setNumen(account.email, numen);
    context.say(MESSAGES.t(context.locale, isClear ? 'cleared' : 'set', { email: account.email }));
    context.result({ email: account.email, hasNumen: !isClear });
    return EXIT.ok;
  },
};
