// CARDDAV:address-data in a request (RFC 6352 §10.4): the whole card, or only the properties named by
// <card:prop name="…"/> children (BEGIN, END, VERSION and UID always kept). The card's text is split into
// its content lines (folded lines kept with their property), never re-encoded.

import { childElements, isNamed, type XmlElement } from '../wire/xml-request.ts';
import { NS } from '../wire/dav-names.ts';

export interface AddressDataRequest {
  /** Upper-case property names; undefined: the whole card. */
  readonly properties?: readonly string[];
}

export function parseAddressDataRequest(element: XmlElement): AddressDataRequest {
  if (childElements(element).some((c) => isNamed(c, NS.carddav, 'allprop'))) return {};
  const props = childElements(element).filter((c) => isNamed(c, NS.carddav, 'prop'));
  if (props.length === 0) return {};
  return { properties: props.map((p) => (p.getAttribute('name') ?? '').toUpperCase()) };
}

const ALWAYS = new Set(['BEGIN', 'END', 'VERSION', 'UID']);

/** The card's content lines, unfolded lines kept whole: [property name (upper case, no group), raw text]. */
export function contentLines(vcard: string): { name: string; raw: string }[] {
  const lines: { name: string; raw: string }[] = [];
  for (const line of vcard.split(/\r?\n/)) {
    if (line === '') continue;
    const last = lines.at(-1);
    if ((line.startsWith(' ') || line.startsWith('\t')) && last !== undefined) {
      last.raw += `\r\n${line}`;
      continue;
    }
    const head = /^([^:;]*)/.exec(line)?.[1] ?? '';
    const dot = head.lastIndexOf('.');
    lines.push({ name: (dot === -1 ? head : head.slice(dot + 1)).toUpperCase(), raw: line });
  }
  return lines;
}

export function addressDataOf(vcard: string, request: AddressDataRequest | undefined): string {
  const wanted = request?.properties;
  if (wanted === undefined) return vcard;
  const keep = new Set([...ALWAYS, ...wanted]);
  return `${contentLines(vcard)
    .filter((line) => keep.has(line.name))
    .map((line) => line.raw)
    .join('\r\n')}\r\n`;
}
