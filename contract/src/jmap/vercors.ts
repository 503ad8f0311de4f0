// Vercors's own JMAP objects and methods (capability urn:vercors:jmap, docs/jmap.md "Vercors additions"), as the
// server sends them and the web app reads them: signatures chosen by context, reply templates, the session
// capability's limits. HTML is stored as given; clients sanitise it before showing or inserting it.

import type { JmapId } from './core.ts';

export type SignatureTone = 'formal' | 'informal';

/** One of an identity's signatures; the identity's own textSignature/htmlSignature stay its default. */
export interface JmapSignature {
  readonly id: JmapId;
  /** Immutable: the Identity it signs for. */
  readonly identityId: JmapId;
  readonly name: string;
  readonly textSignature: string;
  readonly htmlSignature: string;
  /** Chosen by Signature/choose when every recipient is in a domain the server serves. */
  readonly useForInternal: boolean;
  /** Chosen by Signature/choose when any recipient is elsewhere. */
  readonly useForExternal: boolean;
  /** null: fits either tone. */
  readonly tone: SignatureTone | null;
  readonly sortOrder: number;
}

/** none: no recipients yet; mixed: some in served domains, some not (treated as external). */
export type SignatureAudience = 'internal' | 'external' | 'mixed' | 'none';

/** Signature/choose response. */
export interface SignatureChooseResponse {
  readonly accountId: JmapId;
  /** null: none of the identity's signatures fits; the identity's own signature applies. */
  readonly signatureId: JmapId | null;
  readonly audience: SignatureAudience;
}

export interface JmapReplyTemplate {
  readonly id: JmapId;
  readonly name: string;
  /** null: the reply keeps its own subject. */
  readonly subject: string | null;
  readonly textBody: string;
  /** Empty: none. */
  readonly htmlBody: string;
  readonly sortOrder: number;
}

/** The `urn:vercors:jmap` session capability: the bounds of each addition. */
export interface VercorsCapability {
  readonly directorySearch: { readonly maxResults: number };
  readonly signatures: {
    readonly maxSignaturesPerIdentity: number;
    readonly maxSignaturesPerAccount: number;
    /** UTF-8 bytes. */
    readonly maxSizeName: number;
    /** UTF-8 bytes of each of textSignature and htmlSignature. */
    readonly maxSizeSignature: number;
    /** Recipients one Signature/choose call may name. */
    readonly maxRecipientsToChoose: number;
  };
  readonly replyTemplates: {
    readonly maxTemplatesPerAccount: number;
    readonly maxSizeName: number;
    readonly maxSizeSubject: number;
    /** UTF-8 bytes of each of textBody and htmlBody. */
    readonly maxSizeBody: number;
  };
}
