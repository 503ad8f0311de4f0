// Web sessions as the domain shows them. A session is `pending` between a right password and the second
// factor, `enrolment` when the policy requires a second factor the account has not set up yet (only the
// enrolment endpoints accept it, and only from a trusted network), and `active` once signed in.

export const WEB_SESSION_STATES = ['pending', 'enrolment', 'active'] as const;
export type WebSessionState = (typeof WEB_SESSION_STATES)[number];

/** How the second factor was satisfied for an active session. */
export type SecondFactorProof = 'totp' | 'passkey' | 'recoveryCode' | 'trustedNetwork' | 'notRequired';

export const WEB_SESSION_LIMITS = {
  /** A pending or enrolment session lasts this long without activity… */
  pendingIdleMs: 5 * 60_000,
  /** …and at most this long. */
  pendingAbsoluteMs: 15 * 60_000,
  /** last_seen_at is written at most this often per session. */
  touchResolutionMs: 60_000,
  /** Sessions kept per account; the oldest go first beyond it. */
  maxPerAccount: 50,
  maxUserAgentLength: 256,
  /** A password typed this recently allows sensitive changes (second factor, app passwords). */
  recentAuthenticationMs: 10 * 60_000,
} as const;

export interface WebSession {
  /** Public id: listed, and used to end this session from another. */
  readonly id: string;
  readonly accountId: string;
  readonly state: WebSessionState;
  readonly secondFactor: SecondFactorProof | null;
  readonly isSharedComputer: boolean;
  readonly createdAt: Date;
  readonly lastSeenAt: Date;
  /** When the session ends unless used before (idle timeout). */
  readonly idleExpiresAt: Date;
  /** When it ends whatever happens (absolute timeout). */
  readonly expiresAt: Date;
  readonly authenticatedAt: Date;
  readonly remoteAddress: string;
  readonly userAgent: string;
}

/**
 * The session cookie: `__Host-` makes browsers refuse it unless Secure, on `/`, without Domain, so no other
 * host of the académie's domain can set or read it.
 */
export const WEB_SESSION_COOKIE = '__Host-vercors-session';
/** The header the web app sends the CSRF token in, on every state-changing request. */
export const CSRF_HEADER = 'x-csrf-token';
