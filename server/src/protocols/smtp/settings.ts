// SMTP listener settings: the limits that depend on the site. The fixed ones are in limits.ts. Counts are
// per worker process (each keeps its own tables), so with N workers an IP may open N times as many.

import { durationSetting, integerSetting, sizeSetting } from '#core/config';

export const SMTP_SETTINGS = {
  maxMessageSize: sizeSetting({
    key: 'smtp.max-message-size',
    default: 36 * 1024 * 1024,
    min: 64 * 1024,
    max: 1024 * 1024 * 1024,
    why: {
      fr: 'Taille maximale d’un message (annoncée par SIZE) ; 36M laisse passer 25M de pièces jointes une fois encodées en base64.',
      en: 'Largest message accepted (advertised with SIZE); 36M lets 25M of attachments through once base64-encoded.',
    },
  }),
  maxRecipients: integerSetting({
    key: 'smtp.max-recipients',
    default: 1000,
    min: 100,
    max: 100_000,
    why: {
      fr: 'Destinataires par message sur le MX (452 4.5.3 au-delà, l’expéditeur envoie le reste ensuite) ; 1000 comme Postfix, la RFC 5321 en exige au moins 100.',
      en: 'Recipients per message on the MX (452 4.5.3 beyond; the sender sends the rest later); 1000 as Postfix, RFC 5321 requires at least 100.',
    },
  }),
  submissionMaxRecipients: integerSetting({
    key: 'submission.max-recipients',
    default: 200,
    min: 100,
    max: 100_000,
    why: {
      fr: 'Destinataires par message envoyé par un utilisateur ; les envois plus larges passent par les listes de diffusion.',
      en: 'Recipients per message sent by a user; wider mailings go through distribution lists.',
    },
  }),
  maxConnectionsPerIp: integerSetting({
    key: 'smtp.max-connections-per-ip',
    default: 20,
    min: 1,
    max: 10_000,
    why: {
      fr: 'Connexions simultanées d’une même adresse IP, par processus ; un serveur légitime en ouvre rarement plus de quelques-unes (421 au-delà).',
      en: 'Simultaneous connections from one IP address, per process; a legitimate server rarely opens more than a few (421 beyond).',
    },
  }),
  maxConnections: integerSetting({
    key: 'smtp.max-connections',
    default: 1000,
    min: 10,
    max: 100_000,
    why: {
      fr: 'Connexions SMTP simultanées par processus et par écoute ; borne la mémoire sous une rafale (421 au-delà, l’expéditeur réessaie).',
      en: 'Simultaneous SMTP connections per process and listener; bounds memory under a burst (421 beyond, the sender retries).',
    },
  }),
  maxCommandsPerMinute: integerSetting({
    key: 'smtp.max-commands-per-minute',
    default: 3000,
    min: 60,
    max: 1_000_000,
    why: {
      fr: 'Commandes par minute sur une connexion ; assez pour 1000 destinataires en pipeline, pas pour un client qui boucle (421 au-delà).',
      en: 'Commands per minute on one connection; enough for 1000 pipelined recipients, not for a client in a loop (421 beyond).',
    },
  }),
  greetingDelay: durationSetting({
    key: 'smtp.greeting-delay',
    default: 1000,
    minMs: 0,
    maxMs: 30_000,
    why: {
      fr: 'Le MX attend ce délai avant son accueil : un client qui parle avant est un robot de spam (554, déconnecté). Sans effet sur la soumission.',
      en: 'The MX waits this long before its greeting: a client talking first is a spam bot (554, disconnected). Not applied to submission.',
    },
  }),
  messagesPerHour: integerSetting({
    key: 'submission.max-messages-per-hour',
    default: 300,
    min: 1,
    max: 1_000_000,
    why: {
      fr: 'Messages qu’un compte peut envoyer par heure (450 4.7.1 au-delà) ; borne les dégâts d’un compte compromis.',
      en: 'Messages one account may send per hour (450 4.7.1 beyond); bounds the damage of a compromised account.',
    },
  }),
  recipientsPerHour: integerSetting({
    key: 'submission.max-recipients-per-hour',
    default: 2000,
    min: 1,
    max: 10_000_000,
    why: {
      fr: 'Destinataires qu’un compte peut viser par heure, tous messages confondus (450 4.7.1 au-delà).',
      en: 'Recipients one account may address per hour across its messages (450 4.7.1 beyond).',
    },
  }),
} as const;
