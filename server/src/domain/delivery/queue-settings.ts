// Outbound queue settings (Postfix's maximal_queue_lifetime, delay_warning_time, minimal/maximal_backoff_time,
// qmgr's active queue size and default_destination_concurrency_limit), each with why its default is what it is.

import { type SettingsValues, durationSetting, integerSetting } from '#core/config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

export const QUEUE_SETTINGS = {
  lifetime: durationSetting({
    key: 'queue.lifetime',
    default: 5 * DAY,
    minMs: HOUR,
    maxMs: 30 * DAY,
    why: {
      fr: 'Un message encore non distribué après ce délai est renvoyé à l’expéditeur ; 5 jours (RFC 5321 §4.5.4.1) couvrent une panne d’un long week-end chez le destinataire.',
      en: 'Mail still undelivered after this long is returned to its sender; 5 days (RFC 5321 §4.5.4.1) outlast a long weekend’s outage at the destination.',
    },
  }),
  delayWarning: durationSetting({
    key: 'queue.delay-warning',
    default: 4 * HOUR,
    minMs: 10 * MINUTE,
    maxMs: 30 * DAY,
    why: {
      fr: 'L’expéditeur est prévenu une fois qu’un message attend depuis ce délai, pour qu’il ne croie pas un courrier urgent arrivé ; plus long que queue.lifetime : jamais.',
      en: 'The sender is told once a message has waited this long, so urgent mail is not believed delivered; longer than queue.lifetime means never.',
    },
  }),
  retryMinimum: durationSetting({
    key: 'queue.retry-minimum',
    default: 5 * MINUTE,
    minMs: 10_000,
    maxMs: 6 * HOUR,
    why: {
      fr: 'Premier délai avant une nouvelle tentative, doublé ensuite ; 5 min laissent passer un greylisting sans faire attendre l’expéditeur.',
      en: 'First wait before trying again, doubled after each failure; 5 minutes get past greylisting without keeping the sender waiting.',
    },
  }),
  retryMaximum: durationSetting({
    key: 'queue.retry-maximum',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Plafond du délai entre deux tentatives : un serveur revenu est retrouvé dans l’heure sans le solliciter sans cesse.',
      en: 'Ceiling of the wait between attempts: a server back up is reached within the hour without hammering it meanwhile.',
    },
  }),
  activeWindow: integerSetting({
    key: 'queue.active-window',
    default: 100,
    min: 1,
    max: 10_000,
    why: {
      fr: 'Destinataires en cours de distribution à la fois par processus : borne la mémoire et les connexions, et une file en retard ne retarde pas le courrier neuf.',
      en: 'Recipients being delivered at once per process: bounds memory and connections, so a backlog cannot starve new mail.',
    },
  }),
  domainConcurrency: integerSetting({
    key: 'queue.domain-concurrency',
    default: 10,
    min: 1,
    max: 200,
    why: {
      fr: 'Connexions simultanées vers un même domaine destinataire : les grands hébergeurs limitent et pénalisent au-delà.',
      en: 'Simultaneous connections to one destination domain: large providers throttle and penalise beyond that.',
    },
  }),
  lease: durationSetting({
    key: 'queue.lease',
    default: 5 * MINUTE,
    minMs: 30_000,
    maxMs: HOUR,
    why: {
      fr: 'Un processus arrêté brutalement garde ses destinataires au plus ce délai avant qu’un autre les reprenne ; il est renouvelé pendant les longues distributions.',
      en: 'A process that died holds its recipients at most this long before another takes over; it is renewed during long deliveries.',
    },
  }),
  pollInterval: durationSetting({
    key: 'queue.poll-interval',
    default: 5_000,
    minMs: 200,
    maxMs: 5 * MINUTE,
    why: {
      fr: 'Fréquence à laquelle chaque processus cherche les distributions dues ; un envoi fait dans le même processus part aussitôt.',
      en: 'How often each process looks for due deliveries; mail queued in the same process leaves at once.',
    },
  }),
  completedRetention: durationSetting({
    key: 'queue.completed-retention',
    default: 2 * DAY,
    minMs: 0,
    maxMs: 90 * DAY,
    why: {
      fr: 'Les messages terminés restent visibles dans vercors queue list ce temps (pour répondre « est-il parti ? »), sans leur contenu.',
      en: 'Finished messages stay visible in vercors queue list this long (to answer “did it leave?”), without their content.',
    },
  }),
} as const;

export type QueueSettings = SettingsValues<typeof QUEUE_SETTINGS>;
