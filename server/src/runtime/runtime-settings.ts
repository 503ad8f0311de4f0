// Listeners, TLS and processes: owned by the runtime that binds the sockets and forks the workers.
// The listener environment names (VERCORS_LISTEN_*) are a public contract used by packaging.

import { integerSetting, listenSetting, stringSetting } from '#core/config';

const address = (host: string, port: number) => ({ host, port });

export const LISTENER_SETTINGS = {
  http: listenSetting({
    key: 'listen.http',
    default: address('127.0.0.1', 8080),
    why: 'Web app, JMAP, CalDAV/CardDAV, autoconfig, /health and /metrics (443 behind or without a proxy).',
  }),
  https: listenSetting({
    key: 'listen.https',
    default: null,
    why: 'The same HTTP service over TLS with the tls.* certificate; off by default (a proxy usually terminates TLS).',
  }),
  smtp: listenSetting({
    key: 'listen.smtp',
    default: address('127.0.0.1', 2525),
    why: 'Inbound mail from other servers (MX, port 25 in production).',
  }),
  submissions: listenSetting({
    key: 'listen.submissions',
    default: address('127.0.0.1', 4465),
    why: 'Mail submission by clients over implicit TLS (465 in production; what phones use).',
  }),
  submission: listenSetting({
    key: 'listen.submission',
    default: address('127.0.0.1', 4587),
    why: 'Mail submission by clients with STARTTLS (587 in production).',
  }),
  imap: listenSetting({
    key: 'listen.imap',
    default: address('127.0.0.1', 4143),
    why: 'IMAP with STARTTLS (143 in production); login is refused before TLS.',
  }),
  imaps: listenSetting({
    key: 'listen.imaps',
    default: address('127.0.0.1', 4993),
    why: 'IMAP over implicit TLS (993 in production; what phones use).',
  }),
  managesieve: listenSetting({
    key: 'listen.managesieve',
    default: address('127.0.0.1', 4190),
    why: 'ManageSieve, to edit filtering rules from desktop clients (4190 in production).',
  }),
} as const;

export const TLS_SETTINGS = {
  certificate: stringSetting({
    key: 'tls.certificate',
    default: '',
    allowEmpty: true,
    why: 'PEM certificate chain file (relative to the data folder); empty: a self-signed one for the host name is made there.',
  }),
  privateKey: stringSetting({
    key: 'tls.private-key',
    default: '',
    allowEmpty: true,
    why: 'PEM private key file for tls.certificate (relative to the data folder); both are reloaded on SIGHUP.',
  }),
} as const;

export const PROCESS_SETTINGS = {
  workers: integerSetting({
    key: 'workers',
    default: 0,
    min: 0,
    max: 256,
    why: 'Worker processes sharing the listeners; 0 means one per CPU core.',
  }),
  shutdownGrace: integerSetting({
    key: 'shutdown.grace-seconds',
    default: 30,
    min: 1,
    max: 3600,
    why: 'On SIGTERM, in-flight work gets this long to finish before connections are closed.',
  }),
} as const;
