// Whether to warn that a message's sender could not be verified, from the Authentication-Results field our
// MX puts on top of every message it receives (RFC 8601; fields that claim our name are removed before, so the
// topmost is ours). A warning when DMARC fails, or when there is no DMARC verdict and SPF fails while no DKIM
// signature passes: the common marks of a forged sender. Anything unreadable warns of nothing.

export interface AuthenticationVerdict {
  readonly isSuspicious: boolean;
  /** The domain that failed to confirm it sent the message, when the field says. */
  readonly domain: string | undefined;
}

const CLEAR: AuthenticationVerdict = { isSuspicious: false, domain: undefined };

/** Each `method=result` of a field, the first one of each method, and the properties that follow it. */
function results(field: string): Map<string, { result: string; properties: string }> {
  const found = new Map<string, { result: string; properties: string }>();
  // The authserv-id comes first, up to the first `;` (RFC 8601 §2.2); comments in parentheses are noise.
  const body = field
    .replace(/\([^()]*\)/g, ' ')
    .split(';')
    .slice(1);
  for (const part of body.slice(0, 50)) {
    const match = /^\s*([a-z0-9-]+)\s*=\s*([a-z]+)(.*)$/is.exec(part);
    if (match === null) continue;
    const method = (match[1] ?? '').toLowerCase();
    if (!found.has(method))
      found.set(method, { result: (match[2] ?? '').toLowerCase(), properties: match[3] ?? '' });
  }
  return found;
}

/** `fields`: the message's Authentication-Results fields, topmost first (JMAP `header:…:asText:all`). */
export function authenticationVerdict(fields: readonly string[] | null | undefined): AuthenticationVerdict {
  const top = fields?.[0];
  if (top === undefined || top.length > 8192) return CLEAR;
  const found = results(top);
  const dmarc = found.get('dmarc');
  const spf = found.get('spf');
  const dkim = found.get('dkim');
  const failed =
    dmarc?.result === 'fail' ||
    ((dmarc === undefined || dmarc.result === 'none') &&
      (spf?.result === 'fail' || spf?.result === 'softfail') &&
      dkim?.result !== 'pass');
  if (!failed) return CLEAR;
  const from =
    /header\.from\s*=\s*([^\s;]+)/i.exec(dmarc?.properties ?? '')?.[1] ??
    /smtp\.mailfrom\s*=\s*(?:[^\s@;]*@)?([^\s;]+)/i.exec(spf?.properties ?? '')?.[1];
  return { isSuspicious: true, domain: from?.toLowerCase() };
}
