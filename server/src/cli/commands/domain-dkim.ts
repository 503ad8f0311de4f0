// vercors domain dkim <domain> [--selector S] [--algorithm rsa|ed25519] [--activate]: create a DKIM signing key
// for a served domain and print the TXT record to publish; with --activate, switch signing to an existing key.

import type { DkimKey, DkimKeyType } from '#domain/delivery';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { txtRecord, zoneLine } from '../doctor/dns-records.ts';
import { usageError } from '../usage-error.ts';
import { QUEUE_MESSAGES, type QueueMessageKey } from './queue-messages.ts';

const ALGORITHMS: readonly DkimKeyType[] = ['rsa', 'ed25519'];

function text(context: CliContext, key: QueueMessageKey, params?: Record<string, string | number>): string {
  return QUEUE_MESSAGES.t(context.locale, key, params);
}

/** The key's record as a zone-file line, its strings quoted (RFC 1035 character-strings). */
export function dkimZoneLine(key: DkimKey): string {
  const record = txtRecord(key.dnsRecord.name, key.dnsRecord.strings);
  return zoneLine(record, record.name.length);
}

export const domainDkimCommand: CliCommand = {
  name: 'domain dkim',
  summary: {
    fr: 'Créer la clé DKIM d’un domaine et afficher l’enregistrement DNS à publier',
    en: 'Create a domain’s DKIM key and print the DNS record to publish',
  },
  usage: '<domain> [--selector SELECTOR] [--algorithm rsa|ed25519] [--activate]',
  options: { selector: { type: 'string' }, algorithm: { type: 'string' }, activate: { type: 'boolean' } },
  positionals: { min: 1, max: 1 },
  async run(context) {
    const domain = context.positionals[0] ?? '';
    const selector = typeof context.options.selector === 'string' ? context.options.selector : undefined;
    const algorithm = typeof context.options.algorithm === 'string' ? context.options.algorithm : undefined;
    if (algorithm !== undefined && !(ALGORITHMS as readonly string[]).includes(algorithm)) {
      return usageError(context, domainDkimCommand, text(context, 'dkimBadAlgorithm'));
    }
    const { queue } = await context.services();

    if (context.options.activate === true) {
      if (selector === undefined)
        return usageError(context, domainDkimCommand, text(context, 'dkimSelectorRequired'));
      const key = await queue.activateDkimKey(domain, selector);
      context.say(text(context, 'dkimActivated', { selector: key.selector, domain: key.domain }));
      context.result(key);
      return EXIT.ok;
    }

    const key = await queue.createDkimKey(domain, {
      ...(selector !== undefined && { selector }),
      ...(algorithm !== undefined && { type: algorithm as DkimKeyType }),
    });
    const params = { domain: key.domain, selector: key.selector, algorithm: key.algorithm };
    context.say(
      [
        text(context, 'dkimCreated', params),
        text(context, key.isActive ? 'dkimActiveNow' : 'dkimWaiting', params),
        '',
        text(context, 'dkimPublish'),
        `  ${dkimZoneLine(key)}`,
      ].join('\n'),
    );
    context.result(key);
    return EXIT.ok;
  },
};
