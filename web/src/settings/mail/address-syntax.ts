// Whether what someone typed is a mail address or a domain the server will take, mirroring its checks
// (server/src/domain/mail/sending-identity-fields.ts, domain/identity/addresses.ts): a dot-atom local part
// without RFC 5322 specials, a host name of at least two labels, internationalised names allowed (the
// browser's URL parser turns them into A-labels, as the server does). The server checks again; this lets the
// form say what is wrong before a round trip.

/** What a dot-atom local part cannot hold (RFC 5322 specials, spaces); quoted local parts are not accepted. */
const LOCAL_PART_SPECIAL = /[\s"(),:;<>@[\\\]]/u;
/** RFC 1035 label, in A-label form. */
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 1035: 253 characters for a name. */
const MAX_DOMAIN_LENGTH = 253;

/** The domain's A-label form, or undefined when it is not a host name of at least two labels. */
export function asciiDomain(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/@:?#[\]\\%]/.test(trimmed)) return undefined;
  let ascii: string;
  try {
    ascii = new URL(`http://${trimmed}/`).hostname;
  } catch {
    return undefined;
  }
  if (ascii === '' || ascii.length > MAX_DOMAIN_LENGTH) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return undefined;
  // A numeric top-level label means an IP address, not a mail domain.
  if (/^\d+$/.test(labels.at(-1) ?? '')) return undefined;
  return ascii;
}

/** Is `input` a plain `local@domain` address (no name, no angle brackets)? */
export function isPlainAddress(input: string): boolean {
  const at = input.lastIndexOf('@');
  if (at <= 0) return false;
  const localPart = input.slice(0, at);
  return (
    !LOCAL_PART_SPECIAL.test(localPart) &&
    !localPart.startsWith('.') &&
    !localPart.endsWith('.') &&
    !localPart.includes('..') &&
    asciiDomain(input.slice(at + 1)) !== undefined
  );
}
