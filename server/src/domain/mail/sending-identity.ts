// Sending identities (JMAP Identity, RFC 8621 §6): what the mail module hands out about the From a user writes
// with (name, address, Reply-To, Bcc, signatures), what it accepts, its bounds and its refusals. Every account
// has one identity per address it may send from (its primary address and each alias), made by the server;
// users add more for those same addresses, never for others.

import { DomainError } from '#core/errors';

/** RFC 8621 §4.1.2.3 EmailAddress: `name` is null when none is given. */
export interface IdentityAddress {
  readonly name: string | null;
  readonly email: string;
}

export interface SendingIdentity {
  readonly id: string;
  /** The From display name; may be empty. */
  readonly name: string;
  /** The From address, lower case: the account's primary address or one of its aliases. */
  readonly email: string;
  readonly replyTo: readonly IdentityAddress[] | null;
  readonly bcc: readonly IdentityAddress[] | null;
  readonly textSignature: string;
  /**
   * Stored exactly as the client gave it (bounded, well-formed text): the server never renders it, and every
   * client must sanitise it before showing or inserting it (the web app runs DOMPurify).
   */
  readonly htmlSignature: string;
  /** False for the identity of the account's primary address: the account always has one to send with. */
  readonly mayDelete: boolean;
}

/** The identities of an account and their JMAP state, read in that order (the state first). */
export interface SendingIdentityList {
  readonly state: number;
  readonly identities: readonly SendingIdentity[];
}

export interface NewSendingIdentity {
  readonly email: string;
  readonly name?: string;
  readonly replyTo?: readonly IdentityAddress[] | null;
  readonly bcc?: readonly IdentityAddress[] | null;
  readonly textSignature?: string;
  readonly htmlSignature?: string;
}

/** Fields to change; `email` is immutable and accepted only unchanged (RFC 8621 §6). */
export interface SendingIdentityChanges {
  readonly email?: string;
  readonly name?: string;
  readonly replyTo?: readonly IdentityAddress[] | null;
  readonly bcc?: readonly IdentityAddress[] | null;
  readonly textSignature?: string;
  readonly htmlSignature?: string;
}

export const SENDING_IDENTITY_LIMITS = {
  /**
   * Identities per account: one per address it owns plus a few variants each (a signature per role); more is
   * a script gone wrong, and every compose window lists them all.
   */
  maxIdentitiesPerAccount: 100,
  /** UTF-8 bytes of a name: it goes into the From header, which must stay one short line. */
  maxNameBytes: 255,
  /** UTF-8 bytes of each signature (text, HTML): a few paragraphs and a logo link, not a page. */
  maxSignatureBytes: 16 * 1024,
  /** Addresses in replyTo or bcc: a handful in practice; each is written into every message sent. */
  maxAddresses: 20,
  /** UTF-8 bytes of an address (RFC 5321 §4.5.3.1.3: a path is 256 octets with its angle brackets). */
  maxAddressBytes: 254,
} as const;

/** The identity property a refusal is about, so JMAP can name it (invalidProperties). */
export type IdentityProperty = 'email' | 'name' | 'replyTo' | 'bcc' | 'textSignature' | 'htmlSignature';

export function invalidIdentity(property: IdentityProperty, reason: string, name: string): DomainError {
  return new DomainError('invalid', `invalid identity ${property}: ${reason}`, {
    details: { subject: 'identity', name, reason, property },
  });
}

export function identityNotFound(id: string): DomainError {
  return new DomainError('notFound', `no identity ${id}`, { details: { subject: 'identity', name: id } });
}

/** The account may not send from this address (JMAP forbiddenFrom). */
export function addressNotOwned(address: string): DomainError {
  return new DomainError('forbidden', `this account may not send from ${address}`, {
    details: { subject: 'identity', name: address, reason: 'addressNotOwned' },
  });
}
