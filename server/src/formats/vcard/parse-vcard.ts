// Parse and check one vCard 3.0 (RFC 2426) or 4.0 (RFC 6350) with ical.js, and extract the columns the
// contacts store keeps: UID, kind, names, addresses, phones, organisation and group members (vCard 4
// KIND:group + MEMBER, and Apple's X-ADDRESSBOOKSERVER-KIND / X-ADDRESSBOOKSERVER-MEMBER).
// Security: the text is hostile; size, lines and properties are bounded before and after ical.js runs, and
// any failure is a ParseError with a stable code, never an exception of ical.js.

import ICAL from 'ical.js';
import type { VcardProblem } from '@vercors/contract';
import { ParseError } from '#core/errors';
import { VCARD_VERSIONS, type CardKind, type ParsedCard, type VcardVersion } from './vcard-card.ts';
import { VCARD_LIMITS } from './vcard-limits.ts';

/** The stable codes of a refused card (the contract's, shared with the web app's import report). */
export { VCARD_PROBLEMS, type VcardProblem } from '@vercors/contract';

function refuse(code: VcardProblem, message: string, cause?: unknown): ParseError {
  return new ParseError(code, message, { cause });
}

type JcardProperty = [string, Record<string, unknown>, string, ...unknown[]];

/** Check the bounds that must hold before any parser sees the text. */
export function checkCardBounds(text: string): void {
  if (Buffer.byteLength(text, 'utf8') > VCARD_LIMITS.maxCardBytes)
    throw refuse('tooBig', `a vCard is limited to ${VCARD_LIMITS.maxCardBytes} bytes`);
  let lines = 1;
  for (let index = text.indexOf('\n'); index !== -1; index = text.indexOf('\n', index + 1)) {
    lines += 1;
    if (lines > VCARD_LIMITS.maxCardLines)
      throw refuse('tooManyLines', `a vCard is limited to ${VCARD_LIMITS.maxCardLines} lines`);
  }
}

/** Parse exactly one card; ParseError with a VcardProblem code otherwise. */
export function parseVcard(text: string): ParsedCard {
  checkCardBounds(text);
  if (!/^\s*BEGIN:VCARD\r?\n/i.test(text))
    throw refuse('notVcard', 'the text does not begin with BEGIN:VCARD');
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw refuse('malformed', `the vCard cannot be read: ${(error as Error).message}`, error);
  }
  // One component parses to ['vcard', props, subs]; several to an array of those.
  const components = Array.isArray(parsed) && typeof parsed[0] === 'string' ? [parsed] : parsed;
  if (!Array.isArray(components) || components.length === 0)
    throw refuse('notVcard', 'the text holds no vCard');
  if (components.length > 1) throw refuse('multipleCards', 'one resource holds exactly one vCard');
  const component = components[0] as unknown[];
  if (component[0] !== 'vcard') throw refuse('notVcard', 'the text holds no vCard');
  const properties = component[1] as JcardProperty[];
  if (properties.length > VCARD_LIMITS.maxProperties)
    throw refuse('tooManyProperties', `a vCard is limited to ${VCARD_LIMITS.maxProperties} properties`);
  return extract(properties);
}

function extract(properties: readonly JcardProperty[]): ParsedCard {
  const all = (name: string) => properties.filter((p) => p[0] === name);
  const first = (name: string) => all(name)[0];

  const version = textOf(first('version')?.[3]);
  if (!(VCARD_VERSIONS as readonly string[]).includes(version))
    throw refuse('unsupportedVersion', `vCard version ${version || '(none)'} is not supported (3.0 or 4.0)`);

  const uidValue = first('uid');
  const uid = uidValue === undefined ? undefined : textOf(uidValue[3]).trim();
  if (uid !== undefined && (uid === '' || uid.length > VCARD_LIMITS.maxUidChars || /[\0-\x1f]/.test(uid)))
    throw refuse('invalidUid', `the UID must be 1 to ${VCARD_LIMITS.maxUidChars} printable characters`);

  const n = componentsOf(first('n')?.[3]);
  const familyName = column(n[0] ?? '');
  const givenName = column(n[1] ?? '');
  const organization = column(componentsOf(first('org')?.[3])[0] ?? '');
  const emails = unique(all('email').map((p) => stripScheme(textOf(p[3]), 'mailto:').toLowerCase()))
    .filter((email) => email.includes('@') && email.length <= 254)
    .slice(0, VCARD_LIMITS.maxColumnValues);
  const phones = unique(all('tel').map((p) => stripScheme(textOf(p[3]), 'tel:')))
    .filter((phone) => phone !== '')
    .slice(0, VCARD_LIMITS.maxColumnValues);

  const kindValue = textOf(first('kind')?.[3] ?? first('x-addressbookserver-kind')?.[3]).toLowerCase();
  const kind: CardKind = kindValue === 'group' ? 'group' : 'individual';
  const members =
    kind === 'group'
      ? unique([...all('member'), ...all('x-addressbookserver-member')].map((p) => textOf(p[3]))).filter(
          (member) => member !== '',
        )
      : [];

  const fullName =
    column(textOf(first('fn')?.[3])) ||
    column([givenName, familyName].filter((part) => part !== '').join(' ')) ||
    organization ||
    emails[0] ||
    '';
  return {
    version: version as VcardVersion,
    uid,
    kind,
    fullName,
    givenName,
    familyName,
    emails,
    phones,
    organization,
    members,
  };
}

/** A property value as text: ical.js gives strings, arrays (structured values) or objects (dates). */
function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(' ');
  if (value === undefined || value === null) return '';
  return String(value);
}

/** A structured value (N, ORG) as its components; a bare string is one component. */
function componentsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((part) => (Array.isArray(part) ? part.join(',') : textOf(part)));
  return value === undefined ? [] : [textOf(value)];
}

function column(value: string): string {
  const trimmed = value.trim();
  return trimmed.length > VCARD_LIMITS.maxColumnChars
    ? trimmed.slice(0, VCARD_LIMITS.maxColumnChars)
    : trimmed;
}

function stripScheme(value: string, scheme: string): string {
  const trimmed = value.trim();
  return trimmed.toLowerCase().startsWith(scheme) ? trimmed.slice(scheme.length) : trimmed;
}

function unique(values: readonly string[]): string[] {
  return [...new Set(values.map((value) => value.trim()).filter((value) => value !== ''))];
}
