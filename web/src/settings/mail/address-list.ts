// An identity's Reply-To or Bcc list as people type it: one address a line, `Nom <adresse>` or the bare
// address, at most 20 (docs/jmap.md "Identities"), each a plain local@domain. An empty field is no list (null:
// no header), as the server stores it.

import type { JmapEmailAddress } from '@vercors/contract';
import { isPlainAddress } from './address-syntax.ts';
import { textProblem } from './text-bounds.ts';

/** Addresses in one Reply-To or Bcc list (the server's bound). */
export const MAX_IDENTITY_ADDRESSES = 20;
/** Bytes of a name in the list, as an identity's name. */
const MAX_NAME_BYTES = 255;
const NAMED = /^(.*?)\s*<([^<>]*)>$/u;

export type AddressListParse =
  | { readonly addresses: readonly JmapEmailAddress[] | null }
  | { readonly problem: 'invalid'; readonly line: string }
  | { readonly problem: 'tooMany' };

export function parseAddressList(text: string): AddressListParse {
  const lines = text
    .split(/\r?\n/)
    .map((line) => line.trim())
    .filter((line) => line !== '');
  if (lines.length === 0) return { addresses: null };
  if (lines.length > MAX_IDENTITY_ADDRESSES) return { problem: 'tooMany' };
  const addresses: JmapEmailAddress[] = [];
  for (const line of lines) {
    const named = NAMED.exec(line);
    const name = named?.[1]?.replace(/^"(.*)"$/u, '$1').trim() ?? '';
    const email = (named?.[2] ?? line).trim();
    if (!isPlainAddress(email) || textProblem(name, 'line', MAX_NAME_BYTES) !== undefined) {
      return { problem: 'invalid', line };
    }
    addresses.push({ name: name === '' ? null : name, email });
  }
  return { addresses };
}

/** The list as the field shows it: one address a line. */
export function formatAddressList(addresses: readonly JmapEmailAddress[] | null): string {
  return (addresses ?? [])
    .map((address) => (address.name ? `${address.name} <${address.email}>` : address.email))
    .join('\n');
}
