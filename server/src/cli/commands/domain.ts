// vercors domain add|list|remove: the mail domains this server answers for.

import { defineMessages } from '#core/i18n';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { formatTable } from '../text-table.ts';

const MESSAGES = defineMessages({
  fr: {
    added: 'Domaine ajouté : {name}',
    addedIdn: 'Domaine ajouté : {unicode} (enregistré sous sa forme DNS {name})',
    nextDns: 'Enregistrements DNS à publier : vercors doctor',
    removed: 'Domaine retiré : {name}',
    none: 'Aucun domaine. Ajoutez-en un : vercors domain add ac-votre-academie.fr',
    header: 'DOMAINE|COMPTES|AJOUTÉ LE',
  },
  en: {
    added: 'Domain added: {name}',
    addedIdn: 'Domain added: {unicode} (stored in its DNS form {name})',
    nextDns: 'DNS records to publish: vercors doctor',
    removed: 'Domain removed: {name}',
    none: 'No domain yet. Add one: vercors domain add ac-your-academie.fr',
    header: 'DOMAIN|ACCOUNTS|ADDED ON',
  },
});

export const domainAddCommand: CliCommand = {
  name: 'domain add',
  summary: { fr: 'Servir un nouveau domaine de messagerie', en: 'Serve a new mail domain' },
  usage: '<domain>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity } = await context.services();
    const domain = await identity.addDomain(context.positionals[0] ?? '');
    const params = { name: domain.name, unicode: domain.unicodeName };
    context.say(
      MESSAGES.t(context.locale, domain.unicodeName === domain.name ? 'added' : 'addedIdn', params),
    );
    context.say(MESSAGES.t(context.locale, 'nextDns'));
    context.result(domain);
    return EXIT.ok;
  },
};

export const domainListCommand: CliCommand = {
  name: 'domain list',
  summary: {
    fr: 'Lister les domaines et leur nombre de comptes',
    en: 'List the domains and their account counts',
  },
  usage: '',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(context) {
    const { identity } = await context.services();
    const domains = await identity.listDomains();
    context.result(domains);
    if (domains.length === 0) {
      context.say(MESSAGES.t(context.locale, 'none'));
      return EXIT.ok;
    }
    const rows = domains.map((d) => [
      d.unicodeName === d.name ? d.name : `${d.unicodeName} (${d.name})`,
      String(d.accountCount),
      d.createdAt.toISOString().slice(0, 10),
    ]);
    context.say(formatTable(MESSAGES.t(context.locale, 'header').split('|'), rows));
    return EXIT.ok;
  },
};

export const domainRemoveCommand: CliCommand = {
  name: 'domain remove',
  summary: {
    fr: 'Ne plus servir un domaine (refusé tant qu’il a des comptes ou des alias)',
    en: 'Stop serving a domain (refused while it has accounts or aliases)',
  },
  usage: '<domain>',
  options: {},
  positionals: { min: 1, max: 1 },
  async run(context) {
    const { identity } = await context.services();
    const name = context.positionals[0] ?? '';
    const domain = await identity.getDomain(name);
    await identity.removeDomain(name);
    context.say(MESSAGES.t(context.locale, 'removed', { name: domain?.unicodeName ?? name }));
    context.result({ removed: domain?.name ?? name });
    return EXIT.ok;
  },
};
