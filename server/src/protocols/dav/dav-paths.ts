// The DAV URL space (docs/contacts.md):
//   /dav/                                        context path (RFC 6764 §5), where discovery starts
//   /dav/principals/<account>/                   the account's principal (RFC 5397 current-user-principal)
//   /dav/addressbooks/<account>/                 its address-book home (RFC 6352 addressbook-home-set)
//   /dav/addressbooks/<account>/<book>/          an address book
//   /dav/addressbooks/<account>/<book>/<card>    a card (e.g. 1234.vcf)
// <account> is the account's address. Segments are percent-decoded here and encoded again in every href.
// Security: paths are hostile; a bad escape or an unknown shape is simply not found.

export const DAV_ROOT = '/dav/';
export const WELL_KNOWN_CARDDAV = '/.well-known/carddav';

export type DavTarget =
  | { readonly kind: 'root' }
  | { readonly kind: 'principals' }
  | { readonly kind: 'principal'; readonly owner: string }
  | { readonly kind: 'addressbooks' }
  | { readonly kind: 'home'; readonly owner: string }
  | { readonly kind: 'book'; readonly owner: string; readonly book: string }
  | { readonly kind: 'card'; readonly owner: string; readonly book: string; readonly card: string };

/** Longest path considered: an address, a book and a card name with room to spare. */
const MAX_PATH_LENGTH = 2048;

/** The target of a path (`/dav/…`, or a full URL's path), or undefined when it names nothing we serve. */
export function parseDavPath(rawPath: string): DavTarget | undefined {
  if (rawPath.length > MAX_PATH_LENGTH) return undefined;
  let path = rawPath;
  if (/^https?:\/\//i.test(path)) {
    try {
      path = new URL(path).pathname;
    } catch {
      return undefined;
    }
  }
  if (!path.startsWith('/dav')) return undefined;
  const isCollection = path.endsWith('/');
  const raw = path
    .slice('/dav'.length)
    .split('/')
    .filter((segment) => segment !== '');
  let segments: string[];
  try {
    segments = raw.map((segment) => decodeURIComponent(segment));
  } catch {
    return undefined;
  }
  if (segments.some((segment) => segment === '.' || segment === '..' || segment.includes('/')))
    return undefined;
  const [top, owner, book, card, ...rest] = segments;
  if (rest.length > 0) return undefined;
  if (top === undefined) return { kind: 'root' };
  if (top === 'principals') {
    if (owner === undefined) return { kind: 'principals' };
    return book === undefined ? { kind: 'principal', owner } : undefined;
  }
  if (top !== 'addressbooks') return undefined;
  if (owner === undefined) return { kind: 'addressbooks' };
  if (book === undefined) return { kind: 'home', owner };
  if (card === undefined) return { kind: 'book', owner, book };
  return isCollection ? undefined : { kind: 'card', owner, book, card };
}

function segment(value: string): string {
  return encodeURIComponent(value).replace(/%40/g, '@');
}

export function hrefOf(target: DavTarget): string {
  switch (target.kind) {
    case 'root':
      return DAV_ROOT;
    case 'principals':
      return `${DAV_ROOT}principals/`;
    case 'principal':
      return `${DAV_ROOT}principals/${segment(target.owner)}/`;
    case 'addressbooks':
      return `${DAV_ROOT}addressbooks/`;
    case 'home':
      return `${DAV_ROOT}addressbooks/${segment(target.owner)}/`;
    case 'book':
      return `${DAV_ROOT}addressbooks/${segment(target.owner)}/${segment(target.book)}/`;
    case 'card':
      return `${DAV_ROOT}addressbooks/${segment(target.owner)}/${segment(target.book)}/${segment(target.card)}`;
  }
}
