// Domain names and account addresses as the identity module accepts them: lower case, internationalised
// domain names converted to A-labels (so SMTP, DNS and TLS all see one spelling), ASCII local parts.

import { domainToASCII, domainToUnicode } from 'node:url';
import { DomainError } from '#core/errors';

/** RFC 1035: 253 characters for a name, 63 per label. */
const MAX_DOMAIN_LENGTH = 253;
const LABEL = /^[a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?$/;
/** RFC 5321 §4.5.3.1.1. */
const MAX_LOCAL_PART = 64;
/**
 * Letters, digits, dot, hyphen, underscore: what académie addresses use (prenom.nom, prenom.nom2).
 * No `+` (it is the sub-address separator: marie+listes@ reaches marie@) and no quoted forms.
 */
const LOCAL_PART = /^[a-z0-9](?:[a-z0-9._-]*[a-z0-9])?$/;

export interface ParsedAddress {
  /** local@domain, lower case, domain as A-labels. */
  readonly address: string;
  readonly localPart: string;
  readonly domain: string;
}

/** The A-label form of a domain name, or undefined when it is not a valid host name with at least two labels. */
export function toDomainName(input: string): string | undefined {
  const trimmed = input.trim().replace(/\.$/, '');
  if (trimmed === '' || /[\s/@:]/.test(trimmed)) return undefined;
  const ascii = domainToASCII(trimmed);
  if (ascii === '' || ascii.length > MAX_DOMAIN_LENGTH) return undefined;
  const labels = ascii.split('.');
  if (labels.length < 2 || !labels.every((label) => LABEL.test(label))) return undefined;
  // A numeric top-level label means an IP address, not a mail domain.
  if (/^\d+$/.test(labels.at(-1) ?? '')) return undefined;
  return ascii;
}

export function parseDomainName(input: string): string {
  const name = toDomainName(input);
  if (name === undefined) {
    throw new DomainError('invalid', `invalid domain name ${JSON.stringify(input)}`, {
      details: { subject: 'domain', name: input, reason: 'invalidDomainName' },
    });
  }
  return name;
}

export function unicodeDomainName(ascii: string): string {
  return domainToUnicode(ascii) || ascii;
}

/** The normalised address, or undefined when it is not one an account or alias may have. */
export function toAddress(input: string): ParsedAddress | undefined {
  const trimmed = input.trim();
  const at = trimmed.lastIndexOf('@');
  if (at <= 0) return undefined;
  const localPart = trimmed.slice(0, at).toLowerCase();
  const domain = toDomainName(trimmed.slice(at + 1));
  if (domain === undefined || localPart.length > MAX_LOCAL_PART || !LOCAL_PART.test(localPart))
    return undefined;
  if (localPart.includes('..')) return undefined;
  return { address: `${localPart}@${domain}`, localPart, domain };
}

export function parseAddress(input: string, subject: 'account' | 'alias' = 'account'): ParsedAddress {
  const parsed = toAddress(input);
  if (parsed === undefined) {
    throw new DomainError('invalid', `invalid address ${JSON.stringify(input)}`, {
      details: { subject, name: input, reason: 'invalidEmail' },
    });
  }
  return parsed;
}
