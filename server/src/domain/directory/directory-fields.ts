// How the free-text fields of directory entries (establishments and people) are checked: names and titles,
// phone numbers, postal codes and websites. Each returns the normalised value, or undefined when it is not
// acceptable, and the caller names the field in its DomainError.

/** Long enough for "Lycée polyvalent et des métiers …" names, short enough to keep listings readable. */
export const MAX_DIRECTORY_TEXT = 200;
/** A URL longer than this is not a website address someone will type or click. */
export const MAX_WEBSITE_LENGTH = 500;

/** Trimmed single-line text of bounded length, or undefined when empty or containing control characters. */
export function cleanText(value: string, max = MAX_DIRECTORY_TEXT): string | undefined {
  const text = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  // Whitespace was folded above; any control character left (NUL, ESC…) has no place in a name.
  if (text === '' || text.length > max || /[\u0000-\u001f\u007f]/.test(text)) return undefined;
  return text;
}

/**
 * A phone number as people write it in France: 04 76 00 00 00, 04.76.00.00.00, +33 4 76 00 00 00, or an
 * international number. Kept as typed (spacing folded), since the directory shows it; at most 15 digits
 * (ITU-T E.164) and at least 4 (internal extensions such as "4021").
 */
export function cleanPhone(value: string): string | undefined {
  const text = value.trim().replace(/\s+/g, ' ');
  if (!/^\+?[0-9 .()/-]+$/.test(text)) return undefined;
  const digits = text.replace(/\D/g, '').length;
  return digits >= 4 && digits <= 15 ? text : undefined;
}

/** French postal codes are five digits (Corsica included: 20000, 20200). */
export function cleanPostalCode(value: string): string | undefined {
  const text = value.trim();
  return /^\d{5}$/.test(text) ? text : undefined;
}

/**
 * A website: an absolute http(s) URL with a host, no credentials. A bare host ("lycee-champollion.fr") gets
 * https:// in front, as people write it that way on letterheads.
 */
export function cleanWebsite(value: string): string | undefined {
  const text = value.trim();
  if (text === '' || text.length > MAX_WEBSITE_LENGTH || /\s/.test(text)) return undefined;
  const withScheme = /^[a-z][a-z0-9+.-]*:/i.test(text) ? text : `https://${text}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    return undefined;
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:') return undefined;
  if (url.username !== '' || url.password !== '' || !url.hostname.includes('.')) return undefined;
  return url.href;
}
