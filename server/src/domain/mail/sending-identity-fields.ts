// Checks of what people type about a sending identity. The name and addresses go into message headers, so
// they hold no line breaks or controls; signatures are free text within a bound. Every string must be
// well-formed Unicode without NUL (PostgreSQL's text refuses it). Signatures, HTML included, are stored as
// given: the server never renders them (sending-identity.ts).

import { toDomainName } from '#domain/identity';
import {
  invalidIdentity,
  SENDING_IDENTITY_LIMITS,
  type IdentityAddress,
  type IdentityProperty,
} from './sending-identity.ts';
import { textProblem } from './typed-text.ts';

/** What a dot-atom local part cannot hold (RFC 5322 specials, spaces); quoted local parts are not accepted. */
const LOCAL_PART_SPECIAL = /[\s"(),:;<>@[\\\]]/u;

/** The display name, NFC; may be empty. */
export function parseIdentityName(input: string, property: IdentityProperty = 'name'): string {
  const name = input.normalize('NFC');
  const problem = textProblem(name, 'line', SENDING_IDENTITY_LIMITS.maxNameBytes);
  if (problem !== undefined) throw invalidIdentity(property, problem, name.slice(0, 64));
  return name;
}

export function parseSignature(input: string, property: 'textSignature' | 'htmlSignature'): string {
  const problem = textProblem(input, 'text', SENDING_IDENTITY_LIMITS.maxSignatureBytes);
  if (problem !== undefined) throw invalidIdentity(property, problem, property);
  return input;
}

/**
 * A Reply-To or Bcc list: at most maxAddresses, each a plain local@domain (the domain may be internationalised;
 * it is kept as typed) with an optional name. Null stays null (no header).
 */
export function parseAddressList(
  input: readonly IdentityAddress[] | null,
  property: 'replyTo' | 'bcc',
): readonly IdentityAddress[] | null {
  if (input === null) return null;
  if (input.length > SENDING_IDENTITY_LIMITS.maxAddresses)
    throw invalidIdentity(property, 'tooManyAddresses', property);
  return input.map((address) => ({
    name: address.name === null ? null : parseIdentityName(address.name, property),
    email: parseAddress(address.email, property),
  }));
}

function parseAddress(input: string, property: 'replyTo' | 'bcc'): string {
  const email = input.trim();
  const at = email.lastIndexOf('@');
  const localPart = email.slice(0, at);
  const isValid =
    at > 0 &&
    textProblem(email, 'line', SENDING_IDENTITY_LIMITS.maxAddressBytes) === undefined &&
    !LOCAL_PART_SPECIAL.test(localPart) &&
    !localPart.startsWith('.') &&
    !localPart.endsWith('.') &&
    !localPart.includes('..') &&
    toDomainName(email.slice(at + 1)) !== undefined;
  if (!isValid) throw invalidIdentity(property, 'invalidAddress', email.slice(0, 64));
  return email;
}

/** The JSON a replyTo or bcc column holds. */
export function addressesToColumn(addresses: readonly IdentityAddress[] | null): string | null {
  return addresses === null ? null : JSON.stringify(addresses.map(({ name, email }) => ({ name, email })));
}

export function addressesFromColumn(column: string | null): readonly IdentityAddress[] | null {
  if (column === null) return null;
  return JSON.parse(column) as IdentityAddress[];
}
