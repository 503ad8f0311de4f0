// An Email/set update (RFC 8621 §4.6) read into what the domain can apply: the keywords and mailboxes an
// email should have, either whole (`keywords`, `mailboxIds`) or as paths (`keywords/$seen`,
// `mailboxIds/<id>`). Only those two properties may change on a stored email; the rest is immutable.

import { parseKeyword } from '#domain/mail';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';

/** What one update asks for: a whole set, or additions and removals. */
export interface SetChange {
  readonly whole?: readonly string[];
  readonly add: readonly string[];
  readonly remove: readonly string[];
}

export interface EmailPatch {
  readonly keywords?: SetChange;
  readonly mailboxIds?: SetChange;
}

export class PatchRefused extends Error {
  readonly setError: JmapSetError;
  constructor(setError: JmapSetError) {
    super(setError.description);
    this.setError = setError;
  }
}

export function readEmailPatch(patch: Readonly<Record<string, unknown>>): EmailPatch {
  const keywords = readSetChange(patch, 'keywords', parseKeywordOrRefuse);
  const mailboxIds = readSetChange(patch, 'mailboxIds', (id) => id);
  const other = Object.keys(patch).filter(
    (key) =>
      key !== 'keywords' &&
      key !== 'mailboxIds' &&
      !key.startsWith('keywords/') &&
      !key.startsWith('mailboxIds/'),
  );
  if (other.length > 0)
    throw new PatchRefused({
      type: 'invalidProperties',
      description: `only keywords and mailboxIds of a stored email can change, not ${other.join(', ')}`,
      properties: other,
    });
  return { ...(keywords && { keywords }), ...(mailboxIds && { mailboxIds }) };
}

/** A patch's changes to one set-valued property, or undefined when it does not touch it. */
function readSetChange(
  patch: Readonly<Record<string, unknown>>,
  property: 'keywords' | 'mailboxIds',
  parse: (key: string) => string,
): SetChange | undefined {
  const prefix = `${property}/`;
  const paths = Object.entries(patch).filter(([key]) => key.startsWith(prefix));
  const hasWhole = Object.hasOwn(patch, property);
  if (!hasWhole && paths.length === 0) return undefined;
  if (hasWhole && paths.length > 0)
    throw new PatchRefused({
      type: 'invalidPatch',
      description: `${property} is set whole and by path in the same patch`,
    });
  if (hasWhole) {
    const value = patch[property];
    if (!isTrueSet(value)) throw invalidProperty(property, `${property} must be an object of true values`);
    return { whole: Object.keys(value).map(parse), add: [], remove: [] };
  }
  const add: string[] = [];
  const remove: string[] = [];
  for (const [key, value] of paths) {
    // RFC 6901 escapes in the path: a keyword or id with / or ~ in it cannot be valid anyway.
    const name = key.slice(prefix.length);
    if (name === '' || name.includes('/'))
      throw new PatchRefused({ type: 'invalidPatch', description: `bad path ${key}` });
    if (value === true) add.push(parse(name));
    else if (value === null) remove.push(parse(name));
    else throw invalidProperty(property, `${key} must be true or null`);
  }
  return { add, remove };
}

function isTrueSet(value: unknown): value is Record<string, true> {
  return (
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    Object.values(value).every((item) => item === true)
  );
}

function parseKeywordOrRefuse(keyword: string): string {
  try {
    return parseKeyword(keyword);
  } catch (error) {
    if (error instanceof DomainError) throw invalidProperty('keywords', error.message);
    throw error;
  }
}

function invalidProperty(property: string, description: string): PatchRefused {
  return new PatchRefused({ type: 'invalidProperties', description, properties: [property] });
}

/** The set after a change. */
export function applySetChange(current: readonly string[], change: SetChange): string[] {
  if (change.whole !== undefined) return [...new Set(change.whole)];
  const result = new Set(current);
  for (const item of change.add) result.add(item);
  for (const item of change.remove) result.delete(item);
  return [...result];
}
