// Settings of the outbound SMTP delivery agent: an optional relay host (smarthost) with its credentials, whether
// MX hosts may have internal addresses, and the timeouts of a session with a remote server (RFC 5321 §4.5.3.2
// gives the minimums a client should wait).

import { booleanSetting, durationSetting, stringSetting, type SettingsValues } from '#core/config';

const SECOND = 1000;
const MINUTE = 60 * SECOND;

export const OUTBOUND_SETTINGS = {
  relayHost: stringSetting({
    key: 'relay.host',
    default: '',
    allowEmpty: true,
    pattern: /^(?:\[[0-9A-Fa-f:.]+\]|[A-Za-z0-9](?:[A-Za-z0-9.-]*[A-Za-z0-9])?)(?::\d{1,5})?$/,
    patternHint: {
      fr: 'vide, ou hôte:port comme relais.ac-grenoble.fr:587 ([::1]:25 pour une adresse IPv6)',
      en: 'empty, or host:port such as relay.ac-grenoble.fr:587 ([::1]:25 for an IPv6 address)',
    },
    why: {
      fr: 'Vide : le courrier part directement vers les serveurs MX des destinataires. hôte:port : tout le courrier sortant passe par ce relais (celui de l’académie, par exemple) ; 465 s’y connecte en TLS implicite.',
      en: 'Empty: mail goes straight to the recipients’ MX servers. host:port: all outbound mail goes through this relay (the académie’s, say); port 465 connects with implicit TLS.',
    },
  }),
  relayUser: stringSetting({
    key: 'relay.user',
    default: '',
    allowEmpty: true,
    why: {
      fr: 'Identifiant pour s’authentifier auprès du relais ; vide : pas d’authentification (relais qui reconnaît l’adresse IP du serveur).',
      en: 'User name to authenticate to the relay; empty: no authentication (a relay that trusts this server’s IP address).',
    },
  }),
  relayPassword: stringSetting({
    key: 'relay.password',
    default: '',
    allowEmpty: true,
    isSecret: true,
    why: {
      fr: 'Mot de passe du relais ; il n’est envoyé qu’à travers TLS, jamais en clair.',
      en: 'Password for the relay; it is only ever sent over TLS, never in clear text.',
    },
  }),
  relayVerifyTls: booleanSetting({
    key: 'relay.verify-tls',
    default: true,
    why: {
      fr: 'Vérifier le certificat du relais : il reçoit notre mot de passe et tout notre courrier. À désactiver seulement pour un relais à certificat autosigné sur un réseau de confiance.',
      en: 'Verify the relay’s certificate: it receives our password and all our mail. Turn off only for a relay with a self-signed certificate on a trusted network.',
    },
  }),
  allowPrivateMx: booleanSetting({
    key: 'outbound.allow-private-mx',
    default: false,
    why: {
      fr: 'Autoriser l’envoi vers un MX dont l’adresse est de bouclage, privée ou locale (127.0.0.1, 10.x, 192.168.x, 169.254.x, ::1, fc00::/7…). Non par défaut : un domaine malveillant pourrait publier un tel MX et faire parler notre file d’envoi à un service interne ; ces destinataires reçoivent un avis de non-distribution (5.4.4). À activer seulement sur un réseau interne dont les MX sont privés, et dans les tests (serveur sur 127.0.0.1). Le relais (relay.host) n’est jamais concerné.',
      en: 'Allow delivery to an MX whose address is loopback, private or link-local (127.0.0.1, 10.x, 192.168.x, 169.254.x, ::1, fc00::/7…). Off by default: a hostile domain could publish such an MX and make our queue talk to an internal service; those recipients bounce (5.4.4). Turn on only on an internal network whose MX hosts are private, and in tests (a server on 127.0.0.1). The relay (relay.host) is never affected.',
    },
  }),
  connectTimeout: durationSetting({
    key: 'outbound.connect-timeout',
    default: 30 * SECOND,
    minMs: SECOND,
    maxMs: 5 * MINUTE,
    why: {
      fr: 'Attente maximale pour ouvrir une connexion TCP à un serveur distant avant d’essayer le suivant ; 30 s comme Postfix.',
      en: 'Longest wait to open a TCP connection to a remote server before trying the next one; 30s as in Postfix.',
    },
  }),
  greetingTimeout: durationSetting({
    key: 'outbound.greeting-timeout',
    default: 5 * MINUTE,
    minMs: SECOND,
    maxMs: 15 * MINUTE,
    why: {
      fr: 'Attente de la bannière 220 du serveur distant ; 5 min (RFC 5321 §4.5.3.2.1) car des serveurs chargés la retardent volontairement.',
      en: 'Wait for the remote server’s 220 greeting; 5 minutes (RFC 5321 §4.5.3.2.1) because busy servers delay it on purpose.',
    },
  }),
  idleTimeout: durationSetting({
    key: 'outbound.idle-timeout',
    default: 10 * MINUTE,
    minMs: SECOND,
    maxMs: 30 * MINUTE,
    why: {
      fr: 'Silence maximal du serveur distant pendant une session, y compris après la fin des données (10 min selon RFC 5321 §4.5.3.2.6) : l’abandonner plus tôt ferait envoyer deux fois.',
      en: 'Longest silence from the remote server during a session, including after the end of data (10 minutes per RFC 5321 §4.5.3.2.6): giving up sooner causes duplicate deliveries.',
    },
  }),
} as const;

export type OutboundSettings = SettingsValues<typeof OUTBOUND_SETTINGS>;
