// vercors policy network add|list|remove: the trusted networks, address ranges of the académie's
// establishments and offices from which the web login may skip the second factor (docs/access.md). Each
// change is audited as `policy.changed`, with no actor: the command line acts as the system.

import { parseUai } from '#domain/directory';
import { TRUSTED_NETWORK_LIMITS } from '#domain/identity';
import { defineMessages } from '#core/i18n';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { ACADEMIE_TIME_ZONE, formatDateTime } from '../local-time.ts';
import { formatTable } from '../text-table.ts';
import { usageError } from '../usage-error.ts';

const MESSAGES = defineMessages({
  fr: {
    added: 'Réseau de confiance ajouté : {cidr}',
    addedFor: 'Réseau de confiance ajouté : {cidr} (établissement {uai})',
    canonical: 'Enregistré sous sa forme canonique {cidr} (saisi : {typed}).',
    removed: 'Réseau de confiance retiré : {cidr}',
    none: 'Aucun réseau de confiance. Ajoutez-en un : vercors policy network add 192.0.2.0/24 --establishment 0380027Y',
    noneFor: 'Aucun réseau de confiance pour l’établissement {uai}.',
    header: 'PLAGE|ÉTABLISSEMENT|LIBELLÉ|AJOUTÉE LE|IDENTIFIANT',
    wholeAcademie: 'académie',
    labelTooLong: '--label : au plus {max} caractères',
  },
  en: {
    added: 'Trusted network added: {cidr}',
    addedFor: 'Trusted network added: {cidr} (establishment {uai})',
    canonical: 'Stored in its canonical form {cidr} (typed: {typed}).',
    removed: 'Trusted network removed: {cidr}',
    none: 'No trusted network. Add one: vercors policy network add 192.0.2.0/24 --establishment 0380027Y',
    noneFor: 'No trusted network for establishment {uai}.',
    header: 'RANGE|ESTABLISHMENT|LABEL|ADDED ON|ID',
    wholeAcademie: 'académie',
    labelTooLong: '--label: at most {max} characters',
  },
});

function stringOption(context: CliContext, name: string): string | undefined {
  const value = context.options[name];
  return typeof value === 'string' ? value : undefined;
}

export const policyNetworkAddCommand: CliCommand = {
  name: 'policy network add',
  summary: {
    fr: 'Ajouter un réseau de confiance (plage CIDR d’un établissement ou de l’académie)',
    en: 'Add a trusted network (CIDR range of an establishment or of the académie)',
  },
  usage: '<cidr> [--establishment UAI] [--label TEXT]',
  options: { establishment: { type: 'string' }, label: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const typed = (context.positionals[0] ?? '').trim();
    const label = stringOption(context, 'label');
    // The domain would cut a longer label short; say so instead of storing less than was typed.
    if (label !== undefined && [...label.trim()].length > TRUSTED_NETWORK_LIMITS.maxLabelLength) {
      return usageError(
        context,
        policyNetworkAddCommand,
        t('labelTooLong', { max: TRUSTED_NETWORK_LIMITS.maxLabelLength }),
      );
    }
    const uai = stringOption(context, 'establishment');
    const { identity } = await context.services();
    const network = await identity.addTrustedNetwork(
      { cidr: typed, establishmentUai: uai === undefined ? null : parseUai(uai), label },
      {},
    );
    context.say(
      network.establishmentUai === null
        ? t('added', { cidr: network.cidr })
        : t('addedFor', { cidr: network.cidr, uai: network.establishmentUai }),
    );
    if (network.cidr !== typed) context.say(t('canonical', { cidr: network.cidr, typed }));
    context.result(network);
    return EXIT.ok;
  },
};

export const policyNetworkListCommand: CliCommand = {
  name: 'policy network list',
  summary: {
    fr: 'Lister les réseaux de confiance, éventuellement d’un seul établissement',
    en: 'List the trusted networks, optionally of one establishment',
  },
  usage: '[--establishment UAI]',
  options: { establishment: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: (typeof MESSAGES.keys)[number], params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const typedUai = stringOption(context, 'establishment');
    const uai = typedUai === undefined ? undefined : parseUai(typedUai);
    const { identity } = await context.services();
    const networks = await identity.listTrustedNetworks(uai);
    context.result(networks);
    if (networks.length === 0) {
      context.say(uai === undefined ? t('none') : t('noneFor', { uai }));
      return EXIT.ok;
    }
    const rows = networks.map((n) => [
      n.cidr,
      n.establishmentUai ?? t('wholeAcademie'),
      n.label === '' ? '—' : n.label,
      formatDateTime(n.createdAt.getTime(), ACADEMIE_TIME_ZONE).slice(0, 10),
      n.id,
    ]);
    context.say(formatTable(t('header').split('|'), rows));
    return EXIT.ok;
  },
};

export const policyNetworkRemoveCommand: CliCommand = {
  name: 'policy network remove',
  summary: {
    fr: 'Retirer un réseau de confiance (par sa plage ou son identifiant)',
    en: 'Remove a trusted network (by its range or its id)',
  },
  usage: '<cidr|id>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity } = await context.services();
    const network = await identity.removeTrustedNetwork((context.positionals[0] ?? '').trim(), {});
    context.say(MESSAGES.t(context.locale, 'removed', { cidr: network.cidr }));
    context.result(network);
    return EXIT.ok;
  },
};
