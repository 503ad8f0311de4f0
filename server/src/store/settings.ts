// Store settings: which database, how long to wait for the SQLite writer, which blobs the database keeps, how
// long unreferenced blobs live.

import { durationSetting, integerSetting, sizeSetting, stringSetting } from '#core/config';

export const STORE_SETTINGS = {
  databaseUrl: stringSetting({
    key: 'database.url',
    default: '',
    allowEmpty: true,
    isSecret: true,
    pattern: /^postgres(ql)?:\/\/.+/,
    patternHint: {
      fr: 'vide (SQLite dans le dossier de données) ou une URL postgres://utilisateur:mot-de-passe@hôte:port/base',
      en: 'empty (SQLite in the data folder) or a postgres://user:password@host:port/database URL',
    },
    why: {
      fr: 'Vide : SQLite dans le dossier de données (une machine, rien à installer). postgres://… : PostgreSQL, pour plusieurs nœuds.',
      en: 'Empty: SQLite in the data folder (one machine, zero setup). postgres://…: PostgreSQL, for several nodes.',
    },
  }),
  busyTimeout: durationSetting({
    key: 'database.busy-timeout',
    default: 10_000,
    minMs: 100,
    maxMs: 120_000,
    why: {
      fr: 'Durée pendant laquelle un écrivain SQLite attend qu’un autre processus libère le verrou d’écriture avant un échec temporaire.',
      en: 'How long a SQLite writer waits for another process holding the write lock before failing temporarily.',
    },
  }),
  poolSize: integerSetting({
    key: 'database.pool-size',
    default: 10,
    min: 1,
    max: 200,
    why: {
      fr: 'Connexions PostgreSQL par processus ; processus × nœuds × connexions doit rester sous max_connections.',
      en: 'PostgreSQL connections per process; workers × nodes × pool must stay under max_connections.',
    },
  }),
  secretsKey: stringSetting({
    key: 'database.secrets-key',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Fichier de la clé qui chiffre dans la base les secrets que le serveur doit relire (graines TOTP) ; vide : secrets.key dans le dossier de données, créé au premier démarrage. À sauvegarder avec la base, et identique sur tous les nœuds.',
      en: 'File of the key that seals in the database the secrets the server must read back (TOTP seeds); empty: secrets.key in the data folder, created on first start. Back it up with the database, and give every node the same one.',
    },
  }),
  blobGrace: durationSetting({
    key: 'blobs.gc-grace',
    default: 86_400_000,
    minMs: 60_000,
    maxMs: 90 * 86_400_000,
    why: {
      fr: 'Un contenu qui n’est plus référencé est gardé ce temps avant suppression, pour qu’une distribution en cours ne le perde jamais.',
      en: 'An unreferenced blob is kept this long before deletion, so an in-flight delivery never loses its content.',
    },
  }),
  blobInDatabaseMax: sizeSetting({
    key: 'blobs.in-database-max',
    default: 64 * 1024,
    min: 0,
    max: 1024 * 1024,
    why: {
      fr: 'Les messages jusqu’à cette taille sont gardés dans la base, écrits par la transaction qui les distribue : ni fichier ni fsync à eux. Les plus gros vont dans des fichiers du dossier de données. 0 : tous dans des fichiers.',
      en: 'Messages up to this size are kept in the database, written by the transaction that delivers them: no file and no fsync of their own. Larger ones go to files in the data folder. 0: every message in files.',
    },
  }),
  changeLogRetention: durationSetting({
    key: 'changelog.retention',
    default: 30 * 86_400_000,
    minMs: 86_400_000,
    maxMs: 3650 * 86_400_000,
    why: {
      fr: 'Les lignes du journal des modifications plus anciennes sont purgées, sauf la plus récente de chaque objet existant ; un client plus ancien qu’une suppression purgée resynchronise.',
      en: 'Change-log rows older than this are pruned, except the newest of each existing object; a client older than a pruned deletion resyncs.',
    },
  }),
} as const;
