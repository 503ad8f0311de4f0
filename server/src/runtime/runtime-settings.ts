// Listeners, TLS and processes: owned by the runtime that binds the sockets and forks the workers.
// The listener environment names (VERCORS_LISTEN_*) are a public contract used by packaging.

import { integerSetting, listenSetting, stringSetting } from '#core/config';

const address = (host: string, port: number) => ({ host, port });

export const LISTENER_SETTINGS = {
  http: listenSetting({
    key: 'listen.http',
    default: address('127.0.0.1', 8080),
    why: {
      fr: 'Application web, JMAP, CalDAV/CardDAV, autoconfiguration, /health et /metrics (443 derrière ou sans mandataire).',
      en: 'Web app, JMAP, CalDAV/CardDAV, autoconfig, /health and /metrics (443 behind or without a proxy).',
    },
  }),
  https: listenSetting({
    key: 'listen.https',
    default: null,
    why: {
      fr: 'Le même service HTTP sur TLS avec le certificat tls.* ; désactivé par défaut (un mandataire termine souvent TLS).',
      en: 'The same HTTP service over TLS with the tls.* certificate; off by default (a proxy usually terminates TLS).',
    },
  }),
  smtp: listenSetting({
    key: 'listen.smtp',
    default: address('127.0.0.1', 2525),
    why: {
      fr: 'Courrier entrant des autres serveurs (MX, port 25 en production).',
      en: 'Inbound mail from other servers (MX, port 25 in production).',
    },
  }),
  submissions: listenSetting({
    key: 'listen.submissions',
    default: address('127.0.0.1', 4465),
    why: {
      fr: 'Envoi de courrier par les clients en TLS implicite (465 en production ; ce qu’utilisent les téléphones).',
      en: 'Mail submission by clients over implicit TLS (465 in production; what phones use).',
    },
  }),
  submission: listenSetting({
    key: 'listen.submission',
    default: address('127.0.0.1', 4587),
    why: {
      fr: 'Envoi de courrier par les clients avec STARTTLS (587 en production).',
      en: 'Mail submission by clients with STARTTLS (587 in production).',
    },
  }),
  imap: listenSetting({
    key: 'listen.imap',
    default: address('127.0.0.1', 4143),
    why: {
      fr: 'IMAP avec STARTTLS (143 en production) ; la connexion est refusée avant TLS.',
      en: 'IMAP with STARTTLS (143 in production); login is refused before TLS.',
    },
  }),
  imaps: listenSetting({
    key: 'listen.imaps',
    default: address('127.0.0.1', 4993),
    why: {
      fr: 'IMAP en TLS implicite (993 en production ; ce qu’utilisent les téléphones).',
      en: 'IMAP over implicit TLS (993 in production; what phones use).',
    },
  }),
  managesieve: listenSetting({
    key: 'listen.managesieve',
    default: address('127.0.0.1', 4190),
    why: {
      fr: 'ManageSieve, pour modifier les règles de filtrage depuis les clients de bureau (4190 en production).',
      en: 'ManageSieve, to edit filtering rules from desktop clients (4190 in production).',
    },
  }),
} as const;

export const TLS_SETTINGS = {
  certificate: stringSetting({
    key: 'tls.certificate',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Fichier PEM de la chaîne de certificats (relatif au dossier de données) ; vide : un certificat autosigné pour le nom d’hôte y est créé.',
      en: 'PEM certificate chain file (relative to the data folder); empty: a self-signed one for the host name is made there.',
    },
  }),
  privateKey: stringSetting({
    key: 'tls.private-key',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Fichier PEM de la clé privée de tls.certificate (relatif au dossier de données) ; tous deux sont rechargés sur SIGHUP.',
      en: 'PEM private key file for tls.certificate (relative to the data folder); both are reloaded on SIGHUP.',
    },
  }),
} as const;

export const PROCESS_SETTINGS = {
  workers: integerSetting({
    key: 'workers',
    default: 0,
    min: 0,
    max: 256,
    why: {
      fr: 'Processus de travail qui se partagent les écoutes ; 0 : un par cœur de processeur.',
      en: 'Worker processes sharing the listeners; 0 means one per CPU core.',
    },
  }),
  shutdownGrace: integerSetting({
    key: 'shutdown.grace-seconds',
    default: 30,
    min: 1,
    max: 3600,
    why: {
      fr: 'Sur SIGTERM, le travail en cours dispose de ce délai pour finir avant la fermeture des connexions.',
      en: 'On SIGTERM, in-flight work gets this long to finish before connections are closed.',
    },
  }),
} as const;
