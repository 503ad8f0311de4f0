// The seam between the DAV layer and where address books come from. The personal books (read-write, the
// contacts domain) are one provider; the académie directory, served read-only as a global address book, will
// be another, listed beside them under the same home. A CalDAV calendar provider can follow the same shape.

import type { Locale } from '@vercors/contract';
import type { WriteConditions } from '#domain/contacts';

/** The authenticated account a request runs as. */
export interface DavPrincipal {
  readonly accountId: string;
  readonly email: string;
  readonly displayName: string;
  /** The account's language: what the server names its own books in. */
  readonly locale: Locale;
}

/** Whose home a request reaches: the actor, and the owner the URL named (resolved by the domain). */
export interface DavScope {
  readonly principal: DavPrincipal;
  readonly ownerId: string;
}

export interface DavBook {
  /** The URL segment under the home; unique across providers. */
  readonly name: string;
  readonly displayName: string;
  readonly description: string;
  /** The sync-token (and CTag): changes whenever the book or a card changes. */
  readonly syncToken: number;
  readonly isReadOnly: boolean;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface DavCard {
  /** The URL segment under the book, e.g. `1234.vcf`. */
  readonly name: string;
  /** A strong, quoted ETag. */
  readonly etag: string;
  readonly vcard: string;
  readonly updatedAt: Date;
  readonly createdAt: Date;
}

/**
 * What a sync-token says (sync-token.ts writes it as a URI). `since`: the book's version the client holds
 * (absent: nothing yet). `resume`: set by an answer cut at the client's limit (RFC 6578 §3.6), the last change
 * it reported in the provider's order; the next answer starts after it. What `version` there means is the
 * provider's business: a position is only ever handed back to the provider that made it.
 */
export interface SyncPosition {
  readonly since?: number;
  readonly resume?: { readonly version: number; readonly name: string };
}

export interface DavChanges {
  /** This answer's token: where the next sync starts. */
  readonly syncToken: SyncPosition;
  readonly changed: readonly DavCard[];
  readonly removed: readonly string[];
  /** More changes remain than the limit allowed: the answer ends with a 507 for the book (§3.6). */
  readonly isTruncated: boolean;
}

export interface DavBookChanges {
  readonly displayName?: string;
  readonly description?: string;
}

/** The writes of a read-write provider. */
export interface AddressBookWrites {
  putCard(
    scope: DavScope,
    book: string,
    name: string,
    vcard: string,
    conditions: WriteConditions,
  ): Promise<{ readonly card: DavCard; readonly isNew: boolean }>;
  deleteCard(scope: DavScope, book: string, name: string, conditions: WriteConditions): Promise<void>;
  createBook(scope: DavScope, name: string, changes: DavBookChanges): Promise<DavBook>;
  updateBook(scope: DavScope, book: string, changes: DavBookChanges): Promise<DavBook>;
  deleteBook(scope: DavScope, book: string): Promise<void>;
}

/**
 * A source of address books under a principal's home. Every read takes the scope; authorisation is the
 * provider's domain's business (it throws DomainError notFound for what the actor may not see).
 */
export interface AddressBookProvider {
  listBooks(scope: DavScope): Promise<readonly DavBook[]>;
  /** Undefined when this provider has no book of that name. */
  getBook(scope: DavScope, book: string): Promise<DavBook | undefined>;
  listCards(scope: DavScope, book: string): Promise<readonly DavCard[]>;
  /** The cards among `names` that exist. */
  getCards(scope: DavScope, book: string, names: readonly string[]): Promise<readonly DavCard[]>;
  /**
   * Undefined token: everything. At most `limit` changes (changed plus removed; default all), cut so that the
   * answer's token resumes exactly after them. cannotCalculateChanges when the token is no longer valid.
   */
  changesSince(
    scope: DavScope,
    book: string,
    token: SyncPosition | undefined,
    limit?: number,
  ): Promise<DavChanges>;
  /** Absent for a read-only provider: writes are refused with 403 (DAV:need-privileges). */
  readonly writes?: AddressBookWrites;
}
