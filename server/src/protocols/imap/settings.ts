// IMAP listener settings: the limits that depend on the site. Fixed protocol limits are in session-limits.ts
// and wire/limits.ts. Counts are per worker process (each keeps its own tables).

import { integerSetting } from '#core/config';

export const IMAP_SETTINGS = {
  maxConnectionsPerIp: integerSetting({
    key: 'imap.max-connections-per-ip',
    default: 50,
    min: 1,
    max: 10_000,
    why: {
      fr: 'Connexions IMAP simultanées d’une même adresse IP, par processus ; un établissement derrière une seule adresse en ouvre beaucoup (BYE au-delà).',
      en: 'Simultaneous IMAP connections from one IP address, per process; a school behind one address opens many (BYE beyond).',
    },
  }),
  maxConnectionsPerUser: integerSetting({
    key: 'imap.max-connections-per-user',
    default: 20,
    min: 1,
    max: 1000,
    why: {
      fr: 'Sessions IMAP simultanées d’un même compte, par processus ; un téléphone et un poste en ouvrent chacun quelques-unes.',
      en: 'Simultaneous IMAP sessions of one account, per process; a phone and a desktop client each open a few.',
    },
  }),
  maxConnections: integerSetting({
    key: 'imap.max-connections',
    default: 5000,
    min: 10,
    max: 100_000,
    why: {
      fr: 'Connexions IMAP simultanées par processus et par écoute ; borne la mémoire (BYE au-delà, le client réessaie).',
      en: 'Simultaneous IMAP connections per process and listener; bounds memory (BYE beyond, the client retries).',
    },
  }),
  maxCommandsPerMinute: integerSetting({
    key: 'imap.max-commands-per-minute',
    default: 6000,
    min: 60,
    max: 1_000_000,
    why: {
      fr: 'Commandes par minute sur une connexion ; mbsync en envoie une par message synchronisé, 3 000 en quelques secondes pour 3 000 messages. Au-delà chaque commande attend (jusqu’à 1 s) ; au double, BYE.',
      en: 'Commands per minute on one connection; mbsync sends one per message it syncs, 3,000 within seconds for 3,000 messages. Beyond, each command waits (up to 1 s); at twice the limit, BYE.',
    },
  }),
} as const;
