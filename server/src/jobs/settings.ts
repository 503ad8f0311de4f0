// Settings of the maintenance jobs: how often each runs, and how long expunge tombstones are kept. Each job's
// header says why its default is what it is; retention of the change log and the blobs' grace period are the
// store's own settings (changelog.retention, blobs.gc-grace), the inactivity period identity's
// (lifecycle.inactivity-suspension).

import { type SettingsValues, durationSetting } from '#core/config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;
/**
 * How long expunge tombstones are kept for QRESYNC by default: phones offline for weeks still resync exactly.
 * Defined here, not in #domain/mail: every process that reads the configuration (read-config.ts) loads this
 * file, and the mail domain is tens of megabytes of modules the serve primary otherwise never loads.
 */
const DEFAULT_TOMBSTONE_RETENTION_MS = 90 * DAY;

export const JOB_SETTINGS = {
  pruneChangeLogInterval: durationSetting({
    key: 'jobs.prune-change-log-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de la purge du journal des modifications : chaque passage n’a qu’une heure d’écritures à retirer, en courtes transactions.',
      en: 'How often the change log is pruned: each run has only an hour of writes to remove, in short transactions.',
    },
  }),
  pruneTombstonesInterval: durationSetting({
    key: 'jobs.prune-tombstones-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de la purge des traces de messages effacés (IMAP QRESYNC) : une heure de suppressions par passage.',
      en: 'How often expunge tombstones (IMAP QRESYNC) are pruned: an hour of deletions per run.',
    },
  }),
  pruneReceiptsInterval: durationSetting({
    key: 'jobs.prune-receipts-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de la purge des accusés de distribution entrante (anti-doublons, gardés 7 jours) : une heure de courrier reçu par passage.',
      en: 'How often inbound delivery receipts (duplicate guard, kept 7 days) are pruned: an hour of received mail per run.',
    },
  }),
  expireUploadsInterval: durationSetting({
    key: 'jobs.expire-uploads-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de la suppression des fichiers envoyés par les clients JMAP (gardés un jour) : une heure d’envois par passage.',
      en: 'How often JMAP uploads (kept one day) are deleted: an hour of uploads per run.',
    },
  }),
  suspendInactiveAccountsInterval: durationSetting({
    key: 'jobs.suspend-inactive-accounts-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de la recherche des comptes inutilisés depuis lifecycle.inactivity-suspension : une lecture d’index par passage, et une suspension avec quelques heures de retard sur un an ne change rien.',
      en: 'How often accounts unused for lifecycle.inactivity-suspension are looked for: one index read per run, and a suspension a few hours late over a year changes nothing.',
    },
  }),
  pruneSubmissionsInterval: durationSetting({
    key: 'jobs.prune-submissions-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de l’oubli des envois JMAP terminés depuis 30 jours et des envois supprimés (gardés une heure pour les limites d’envoi) : peu de lignes par passage.',
      en: 'How often JMAP submissions finished 30 days ago, and destroyed ones (kept an hour for the sending limits), are forgotten: few rows per run.',
    },
  }),
  pruneHelpdeskRecordsInterval: durationSetting({
    key: 'jobs.prune-helpdesk-records-interval',
    default: HOUR,
    minMs: MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Fréquence de l’oubli des vérifications de NUMEN et des codes d’activation qui ne comptent plus (gardés un jour ; le journal d’audit garde l’historique) : peu de lignes par passage.',
      en: 'How often NUMEN checks and activation codes that no longer count are forgotten (kept a day; the audit log keeps the history): few rows per run.',
    },
  }),
  blobGcInterval: durationSetting({
    key: 'jobs.blob-gc-interval',
    default: 6 * HOUR,
    minMs: 5 * MINUTE,
    maxMs: 7 * DAY,
    why: {
      fr: 'Fréquence du ramasse-miettes des contenus : il parcourt tout le dossier des contenus, donc quatre fois par jour suffisent face au délai de grâce d’un jour.',
      en: 'How often unreferenced blobs are collected: each run walks the whole blob folder, so four times a day is plenty beside a one-day grace period.',
    },
  }),
  tombstoneRetention: durationSetting({
    key: 'tombstones.retention',
    default: DEFAULT_TOMBSTONE_RETENTION_MS,
    minMs: DAY,
    maxMs: 3650 * DAY,
    why: {
      fr: 'Les traces des messages effacés sont gardées ce temps pour QRESYNC : un téléphone resté hors ligne des semaines se resynchronise exactement ; au-delà, il recharge la boîte.',
      en: 'Expunge tombstones are kept this long for QRESYNC: a phone offline for weeks still resyncs exactly; beyond, it reloads the mailbox.',
    },
  }),
} as const;

export type JobSettings = SettingsValues<typeof JOB_SETTINGS>;
