// What this server asks of WebAuthn authenticators, shared by registration and authentication.

/** COSE algorithm ids (RFC 9053, IANA COSE registry). */
const COSE_EDDSA = -8;
const COSE_ES256 = -7;
const COSE_RS256 = -257;

/**
 * The algorithms every platform authenticator and security key offers (EdDSA, ES256, RS256 for Windows Hello),
 * stated here rather than left to @simplewebauthn's default: that default probes Web Crypto for ML-DSA, which
 * on Node 24 prints an ExperimentalWarning (STACK.md), and would accept keys no browser makes yet.
 */
export const WEBAUTHN_ALGORITHMS: number[] = [COSE_EDDSA, COSE_ES256, COSE_RS256];

/**
 * The browser's own timeout for the ceremony (a touch, a PIN): shorter than the stored challenge's life
 * (SECOND_FACTOR_LIMITS.challengeMs), so a slow finish call still finds its challenge.
 */
export const WEBAUTHN_TIMEOUT_MS = 120_000;

/**
 * "preferred" everywhere: a PIN or a fingerprint when the authenticator can, a touch otherwise. The password
 * was the first factor, so user presence is enough for the second (requireUserVerification is false).
 */
export const USER_VERIFICATION = 'preferred';

export interface RelyingParty {
  /** The RP id: the site's registrable domain or a parent of it (WebAuthn §5.1.4), e.g. `mail.ac-test.fr`. */
  readonly rpId: string;
  /** Every origin the web app is served from, e.g. `https://mail.ac-test.fr`. */
  readonly expectedOrigins: readonly string[];
}
