// `header:{name}[:{form}][:all]` properties of Email and EmailBodyPart (RFC 8621 §4.1.3): reading the property
// name, refusing a form the field does not allow (§4.1.2: e.g. header:From:asDate is invalidArguments), and
// computing the value from a header block's fields.

import { invalidArguments } from '../method-error.ts';
import {
  addressesForm,
  dateForm,
  groupedAddressesForm,
  messageIdsForm,
  textForm,
  urlsForm,
} from './header-form-values.ts';
import { fieldsNamed, type HeaderField, rawValue } from './header-fields.ts';

const FORM_VALUES = {
  asRaw: rawValue,
  asText: textForm,
  asAddresses: addressesForm,
  asGroupedAddresses: groupedAddressesForm,
  asMessageIds: messageIdsForm,
  asDate: dateForm,
  asURLs: urlsForm,
} as const satisfies Record<string, (raw: Uint8Array) => unknown>;

export type HeaderForm = keyof typeof FORM_VALUES;

/** One `header:` property, as asked. */
export interface HeaderProperty {
  /** The field name, lower case (fields match by name in any case). */
  readonly name: string;
  readonly form: HeaderForm;
  /** `:all`: every instance in order; otherwise the last instance, or null. */
  readonly isAll: boolean;
}

const ADDRESS_FORMS: readonly HeaderForm[] = ['asAddresses', 'asGroupedAddresses'];

/**
 * The forms allowed for the fields RFC 5322 and RFC 2369 define, besides Raw which every field allows. Any
 * other field allows every form (§4.1.2).
 */
const DEFINED_FIELD_FORMS: Readonly<Record<string, readonly HeaderForm[]>> = {
  date: ['asDate'],
  'resent-date': ['asDate'],
  from: ADDRESS_FORMS,
  sender: ADDRESS_FORMS,
  'reply-to': ADDRESS_FORMS,
  to: ADDRESS_FORMS,
  cc: ADDRESS_FORMS,
  bcc: ADDRESS_FORMS,
  'resent-from': ADDRESS_FORMS,
  'resent-sender': ADDRESS_FORMS,
  'resent-to': ADDRESS_FORMS,
  'resent-cc': ADDRESS_FORMS,
  'resent-bcc': ADDRESS_FORMS,
  'message-id': ['asMessageIds'],
  'in-reply-to': ['asMessageIds'],
  references: ['asMessageIds'],
  'resent-message-id': ['asMessageIds'],
  subject: ['asText'],
  comments: ['asText'],
  keywords: ['asText'],
  'return-path': [],
  received: [],
  'list-help': ['asURLs'],
  'list-unsubscribe': ['asURLs'],
  'list-subscribe': ['asURLs'],
  'list-post': ['asURLs'],
  'list-owner': ['asURLs'],
  'list-archive': ['asURLs'],
};

export function isHeaderProperty(property: string): boolean {
  return property.startsWith('header:');
}

/** The `header:` property `property`, or invalidArguments when its syntax or form is not valid. */
export function parseHeaderProperty(property: string): HeaderProperty {
  const [, name = '', ...suffixes] = property.split(':');
  const isAll = suffixes.at(-1) === 'all';
  if (isAll) suffixes.pop();
  const form = suffixes[0] ?? 'asRaw';
  // RFC 5322 §2.2: a field name is printable US-ASCII except the colon.
  if (!/^[\x21-\x39\x3b-\x7e]+$/.test(name) || suffixes.length > 1 || !Object.hasOwn(FORM_VALUES, form)) {
    throw invalidArguments(`invalid header property ${property}`);
  }
  const header = { name: name.toLowerCase(), form: form as HeaderForm, isAll };
  const allowed = Object.hasOwn(DEFINED_FIELD_FORMS, header.name)
    ? DEFINED_FIELD_FORMS[header.name]
    : undefined;
  if (header.form !== 'asRaw' && allowed !== undefined && !allowed.includes(header.form)) {
    throw invalidArguments(`${property}: the ${name} field cannot be read ${header.form}`);
  }
  return header;
}

/** The value of `header` in a block with `fields`. */
export function headerPropertyValue(fields: readonly HeaderField[], header: HeaderProperty): unknown {
  const parse = FORM_VALUES[header.form];
  const found = fieldsNamed(fields, header.name);
  if (header.isAll) return found.map((field) => parse(field.raw));
  const last = found.at(-1);
  return last === undefined ? null : parse(last.raw);
}
