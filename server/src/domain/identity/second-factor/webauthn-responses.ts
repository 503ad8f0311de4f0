// WebAuthn responses as the browser sends them (RegistrationResponseJSON, AuthenticationResponseJSON, WebAuthn
// Level 3 §5.1): bounded in size before JSON.parse, checked in shape before @simplewebauthn sees them, and the
// challenge read out of clientDataJSON so the finish call can consume the stored one.
// Security: pre-authentication input (the password is known, the second factor not yet); nothing is logged.

import type { AuthenticationResponseJSON, RegistrationResponseJSON } from '@simplewebauthn/server';
import { z } from 'zod';
import { secondFactorError } from './second-factor-errors.ts';

/** A challenge is 32 random bytes (43 base64url characters); anything much longer is not one of ours. */
const MAX_CHALLENGE_LENGTH = 128;
/** Transports the WebAuthn registry knows; anything else is dropped, never stored. */
const KNOWN_TRANSPORTS = ['ble', 'cable', 'hybrid', 'internal', 'nfc', 'smart-card', 'usb'];

const base64url = z.string().regex(/^[A-Za-z0-9_-]*$/);

const registrationShape = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    attestationObject: base64url,
    authenticatorData: base64url.optional(),
    transports: z.array(z.string().max(32)).max(16).optional(),
    publicKeyAlgorithm: z.number().optional(),
    publicKey: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

const authenticationShape = z.object({
  id: base64url.min(1),
  rawId: base64url.min(1),
  type: z.literal('public-key'),
  response: z.object({
    clientDataJSON: base64url,
    authenticatorData: base64url,
    signature: base64url,
    userHandle: base64url.optional(),
  }),
  authenticatorAttachment: z.enum(['platform', 'cross-platform']).optional(),
  clientExtensionResults: z.record(z.string(), z.unknown()).default({}),
});

export interface ParsedResponse<R> {
  readonly response: R;
  /** The challenge the authenticator signed over (base64url), as clientDataJSON states it. */
  readonly challenge: string;
}

/** responseTooBig beyond `maxChars`; malformedResponse unless it is a registration response. */
export function parseRegistrationResponse(
  text: string,
  maxChars: number,
): ParsedResponse<RegistrationResponseJSON> {
  const response = parseShape(text, maxChars, registrationShape) as RegistrationResponseJSON;
  return { response, challenge: readChallenge(response.response.clientDataJSON) };
}

/** responseTooBig beyond `maxChars`; malformedResponse unless it is an authentication response. */
export function parseAuthenticationResponse(
  text: string,
  maxChars: number,
): ParsedResponse<AuthenticationResponseJSON> {
  const response = parseShape(text, maxChars, authenticationShape) as AuthenticationResponseJSON;
  return { response, challenge: readChallenge(response.response.clientDataJSON) };
}

/** The transports worth keeping for allowCredentials and excludeCredentials. */
export function knownTransports(transports: readonly string[] | undefined): string[] {
  return [...new Set(transports ?? [])].filter((transport) => KNOWN_TRANSPORTS.includes(transport));
}

/** The stored JSON array of transports; an unreadable one counts as none (the browser then tries them all). */
export function parseTransports(json: string): string[] {
  try {
    const value: unknown = JSON.parse(json);
    return Array.isArray(value) ? knownTransports(value.filter((item) => typeof item === 'string')) : [];
  } catch {
    return [];
  }
}

/** A verification failure in words for the log, bounded. */
export function problemOf(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).slice(0, 200);
}

function parseShape<T>(text: string, maxChars: number, shape: z.ZodType<T>): T {
  if (text.length > maxChars) {
    throw secondFactorError('responseTooBig', 'the WebAuthn response is too large', { max: maxChars });
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw malformed();
  }
  const shaped = shape.safeParse(json);
  if (!shaped.success) throw malformed();
  return shaped.data;
}

function readChallenge(clientDataJSON: string): string {
  let clientData: unknown;
  try {
    clientData = JSON.parse(Buffer.from(clientDataJSON, 'base64url').toString('utf8'));
  } catch {
    throw malformed();
  }
  const challenge = (clientData as { challenge?: unknown } | null)?.challenge;
  if (typeof challenge !== 'string' || challenge.length === 0 || challenge.length > MAX_CHALLENGE_LENGTH) {
    throw malformed();
  }
  return challenge;
}

/** No cause attached: JSON.parse's message quotes the input, which holds the challenge. */
function malformed() {
  return secondFactorError('malformedResponse', 'the WebAuthn response is malformed');
}
