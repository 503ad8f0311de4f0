// What the login endpoints work with: the identity service's web operations, the login throttle every
// protocol shares, and the site's facts (host name for passkeys, the client-address rule for proxies).

import type { ClientAddressResolver } from '#core/client-address';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { AdminOperations, IdentityService, LoginThrottle } from '#domain/identity';

export type WebAuthIdentity = Pick<
  IdentityService,
  | 'loginWithPassword'
  | 'completeSecondFactor'
  | 'passkeyLoginOptions'
  | 'resumeWebSession'
  | 'endWebSession'
  | 'listWebSessions'
  | 'revokeWebSession'
  | 'revokeAllWebSessions'
  | 'reauthenticate'
  | 'changeOwnPassword'
  | 'createAppPassword'
  | 'listAppPasswords'
  | 'revokeAppPassword'
  | 'listSecondFactors'
  | 'startTotpSetup'
  | 'confirmTotpSetup'
  | 'startPasskeySetup'
  | 'confirmPasskeySetup'
  | 'removeSecondFactor'
  | 'regenerateRecoveryCodes'
  | 'isTrustedAddress'
  | 'accessSummary'
  | 'activateWithCode'
  | 'findAccountById'
  | 'lookUpForHelpdesk'
  | 'checkNumen'
  | 'issueActivationCode'
>;

/** How a mail app reaches this server: what the diagnostics page tells a person to type on their phone. */
export interface MailClientSettings {
  readonly imap: readonly ClientEndpoint[];
  readonly smtp: readonly ClientEndpoint[];
}

export interface ClientEndpoint {
  readonly host: string;
  readonly port: number;
  /** SSL/TLS from the first byte, or STARTTLS after connecting. */
  readonly security: 'tls' | 'starttls';
}

export interface WebAuthOptions {
  readonly identity: WebAuthIdentity;
  readonly throttle: LoginThrottle;
  readonly clock: Clock;
  readonly log: Logger;
  readonly clientAddress: ClientAddressResolver;
  /** The server's host name (`hostname`): the passkeys' relying party id. */
  readonly hostname: string;
  /** Shown in authenticator apps next to the address (`issuer` of the otpauth URI). */
  readonly issuer: string;
  /** The IMAP and SMTP endpoints a phone uses, TLS first. */
  readonly mailClients: MailClientSettings;
  /** Administration, authorised per operation against the acting account's roles. */
  readonly admin: AdminOperations;
}
