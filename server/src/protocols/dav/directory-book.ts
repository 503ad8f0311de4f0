// The académie directory as a read-only address book under every principal's home (`annuaire`), so a phone's
// contacts app (iOS, DAVx⁵) finds colleagues: the same people Directory/search shows (domain/directory says
// who), one vCard each. Writes are refused (no `writes`: 403 need-privileges).
//
// Sync tokens are the listing's version. The provider remembers the cards of the last few versions it served,
// so a client holding one of them gets only what changed (and what was removed); an older or unknown token —
// another process's, or one from before a restart — is refused with valid-sync-token and the client reads
// the book afresh. The directory changes once a night (the HR import), so that is rare. An answer cut at the
// client's limit (RFC 6578 §3.6) resumes by resource name within the listing it started from, which must
// still be remembered; a version names one listing, so another process that served it can continue too.

import { createHash } from 'node:crypto';
import type { Locale } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { DirectoryCard, DirectoryListing, DirectoryService } from '#domain/directory';
import { buildPersonVcard } from '#formats/vcard';
import type { AddressBookProvider, DavBook, DavCard } from './collection-provider.ts';
import { DAV_MESSAGES } from './dav-messages.ts';

/** The book's URL segment under each home. */
export const DIRECTORY_BOOK = 'annuaire';
/** Listings remembered for incremental sync. */
const REMEMBERED_VERSIONS = 4;

interface Served {
  readonly listing: DirectoryListing;
  readonly cards: readonly DavCard[];
  readonly byName: ReadonlyMap<string, DavCard>;
}

export function directoryBook(directory: Pick<DirectoryService, 'listDirectory'>): AddressBookProvider {
  // Newest last; each listing's vCards are built once.
  const served: Served[] = [];

  const current = async (): Promise<Served> => {
    const listing = await directory.listDirectory();
    const known = served.find((entry) => entry.listing.version === listing.version);
    if (known !== undefined) return known;
    const cards = listing.cards.map((card) => toDavCard(card, listing.readAt));
    const entry = { listing, cards, byName: new Map(cards.map((card) => [card.name, card])) };
    served.push(entry);
    if (served.length > REMEMBERED_VERSIONS) served.shift();
    return entry;
  };

  const bookOf = (entry: Served, locale: Locale): DavBook => ({
    name: DIRECTORY_BOOK,
    displayName: DAV_MESSAGES.t(locale, 'directoryBookName'),
    description: DAV_MESSAGES.t(locale, 'directoryBookDescription'),
    syncToken: entry.listing.version,
    isReadOnly: true,
    createdAt: entry.listing.readAt,
    updatedAt: entry.listing.readAt,
  });

  return {
    async listBooks(scope) {
      return [bookOf(await current(), scope.principal.locale)];
    },
    async getBook(scope, name) {
      return name === DIRECTORY_BOOK ? bookOf(await current(), scope.principal.locale) : undefined;
    },
    async listCards() {
      return (await current()).cards;
    },
    async getCards(_scope, _book, names) {
      const { byName } = await current();
      return names.flatMap((name) => byName.get(name) ?? []);
    },
    async changesSince(_scope, _book, token, limit = Number.POSITIVE_INFINITY) {
      const now = await current();
      const servedAt = (version: number): Served => {
        const entry = served.find((candidate) => candidate.listing.version === version);
        if (entry !== undefined) return entry;
        throw new DomainError('cannotCalculateChanges', `directory sync token ${version} is not known here`, {
          details: { subject: 'syncToken', name: String(version) },
        });
      };
      // A cut answer's continuation stays in the listing it started from, so the client ends at that version
      // exactly; the next sync then goes from there to the current one.
      const target = token?.resume === undefined ? now : servedAt(token.resume.version);
      const before = token?.since === undefined ? undefined : servedAt(token.since);
      // The usual poll: nothing changed since the phone's version.
      if (before === target && token?.resume === undefined)
        return { syncToken: { since: target.listing.version }, changed: [], removed: [], isTruncated: false };
      const changed =
        before === undefined
          ? target.cards
          : target.cards.filter((card) => before.byName.get(card.name)?.etag !== card.etag);
      const removed =
        before === undefined ? [] : [...before.byName.keys()].filter((name) => !target.byName.has(name));
      // By resource name, a total order (changed names are in the listing, removed ones are not).
      const after = token?.resume?.name;
      const changes = [
        ...changed.map((card) => ({ name: card.name, card })),
        ...removed.map((name) => ({ name, card: undefined })),
      ]
        .filter((change) => after === undefined || change.name > after)
        .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
      const isTruncated = changes.length > limit;
      const answered = isTruncated ? changes.slice(0, limit) : changes;
      const last = answered.at(-1);
      return {
        syncToken:
          isTruncated && last !== undefined
            ? {
                ...(token?.since !== undefined && { since: token.since }),
                resume: { version: target.listing.version, name: last.name },
              }
            : { since: target.listing.version },
        changed: answered.flatMap((change) => change.card ?? []),
        removed: answered.flatMap((change) => (change.card === undefined ? [change.name] : [])),
        isTruncated,
      };
    },
  };
}

function toDavCard(card: DirectoryCard, readAt: Date): DavCard {
  const uid = card.personId ?? card.accountId ?? card.email ?? card.name;
  const vcard = buildPersonVcard({
    uid: `vercors-directory-${uid}`,
    name: card.name,
    givenName: card.givenName,
    familyName: card.familyName,
    email: card.email,
    phone: card.phone,
    title: card.title,
    organisations: card.posts.map((post) => ({ name: post.name, commune: post.commune })),
    categories: card.disciplines,
  });
  return {
    // Ids are letters and digits (core/ids): safe as a URL segment.
    name: `${uid.replace(/[^A-Za-z0-9_-]/g, '_')}.vcf`,
    etag: `"${createHash('sha256').update(vcard).digest('base64url').slice(0, 22)}"`,
    vcard,
    createdAt: readAt,
    updatedAt: readAt,
  };
}
