// Delivery settings read by the inbound pipeline. Listener limits (size, recipients, rates) belong to the
// SMTP protocol's settings; these are what any delivery path (SMTP, LMTP, submission) applies.

import { choiceSetting, integerSetting } from '#core/config';

export const DELIVERY_SETTINGS = {
  maxHops: integerSetting({
    key: 'delivery.max-hops',
    default: 50,
    min: 10,
    max: 500,
    why: {
      fr: 'Au-delà de ce nombre d’en-têtes Received, le message tourne en boucle et il est refusé (554 5.4.6) ; 50 comme Postfix.',
      en: 'Past this many Received headers a message is looping and is refused (554 5.4.6); 50 as in Postfix.',
    },
  }),
  dns: choiceSetting({
    key: 'delivery.dns',
    default: 'system',
    choices: ['system', 'offline'] as const,
    why: {
      fr: 'Résolveur DNS des vérifications SPF, DKIM, DMARC et ARC : system (celui de la machine) ; offline : aucune requête, tout résultat vaut none (tests, bancs, sites isolés).',
      en: 'DNS resolver for SPF, DKIM, DMARC and ARC checks: system (the machine’s); offline: no query, every result is none (tests, benchmarks, isolated sites).',
    },
  }),
} as const;
