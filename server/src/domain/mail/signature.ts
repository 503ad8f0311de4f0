// Signatures (urn:vercors:jmap Signature, docs/jmap.md): several per sending identity, each marked for the
// recipients it suits (inside the académie's served domains, outside, or both) and a tone, so the composer
// picks one by context (signature-choice.ts) and the user can switch. What the mail module hands out and
// accepts, its bounds and refusals. The identity's own textSignature/htmlSignature stay its default.

import { DomainError } from '#core/errors';
import { SENDING_IDENTITY_LIMITS } from './sending-identity.ts';

export const SIGNATURE_TONES = ['formal', 'informal'] as const;
/** null: fits either tone. */
export type SignatureTone = (typeof SIGNATURE_TONES)[number];

export interface Signature {
  readonly id: string;
  /** The sending identity it belongs to; fixed at creation. */
  readonly identityId: string;
  /** What the composer's switcher shows; one line, NFC, may be empty. */
  readonly name: string;
  readonly textSignature: string;
  /** Stored exactly as given, like Identity's htmlSignature: clients sanitise it before showing or inserting it. */
  readonly htmlSignature: string;
  /** Chosen automatically when every recipient is in a domain the server serves. */
  readonly useForInternal: boolean;
  /** Chosen automatically when any recipient is elsewhere. */
  readonly useForExternal: boolean;
  readonly tone: SignatureTone | null;
  readonly sortOrder: number;
}

/** The signatures of an account and their JMAP state, read in that order (the state first). */
export interface SignatureList {
  readonly state: number;
  readonly signatures: readonly Signature[];
}

export interface NewSignature {
  readonly identityId: string;
  readonly name?: string;
  readonly textSignature?: string;
  readonly htmlSignature?: string;
  readonly useForInternal?: boolean;
  readonly useForExternal?: boolean;
  readonly tone?: SignatureTone | null;
  readonly sortOrder?: number;
}

/** Fields to change; `identityId` is immutable and accepted only unchanged. */
export type SignatureChanges = Partial<NewSignature>;

export const SIGNATURE_LIMITS = {
  /** Per identity: a few contexts (colleagues, parents, partners) times two tones, with room to spare. */
  maxSignaturesPerIdentity: 20,
  /**
   * Per account, whatever its identities: the composer lists them all, and `Signature/get` of every one stays
   * within maxObjectsInGet and a few MiB, as Identity/get does.
   */
  maxSignaturesPerAccount: 100,
  /** UTF-8 bytes of a name: one line in a menu. */
  maxNameBytes: SENDING_IDENTITY_LIMITS.maxNameBytes,
  /** UTF-8 bytes of each signature (text, HTML): the same bound as an identity's own signature. */
  maxSignatureBytes: SENDING_IDENTITY_LIMITS.maxSignatureBytes,
  /** sortOrder is below this (a 32-bit column, as Mailbox.sortOrder). */
  sortOrderBound: 2 ** 31,
  /**
   * Recipients Signature/choose reads: more than a message may have (submission.max-recipients, 200 by
   * default); each distinct domain costs one lookup, and the lookups stop once the answer is known.
   */
  maxRecipientsToChoose: 1000,
} as const;

/** The JMAP type of signatures in the change log. */
export const SIGNATURE_TYPE = 'Signature';

/** The signature property a refusal is about, so JMAP can name it (invalidProperties). */
export type SignatureProperty = keyof NewSignature;

export function invalidSignature(property: SignatureProperty, reason: string): DomainError {
  return new DomainError('invalid', `invalid signature ${property}: ${reason}`, {
    details: { subject: 'signature', name: property, reason, property },
  });
}

export function signatureNotFound(id: string): DomainError {
  return new DomainError('notFound', `no signature ${id}`, { details: { subject: 'signature', name: id } });
}

/** Over maxSignaturesPerIdentity or maxSignaturesPerAccount (JMAP overQuota). */
export function tooManySignatures(per: 'identity' | 'account', max: number): DomainError {
  return new DomainError('limit', `at most ${max} signatures per ${per}`, {
    details: { subject: 'signature', name: per, reason: 'tooManySignatures', max },
  });
}
