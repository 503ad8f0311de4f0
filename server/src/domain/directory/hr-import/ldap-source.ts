// The LDAP source of the HR import: a paged search (RFC 2696) of the académie's directory, each entry mapped to
// an HR record through the configured attribute names. The password comes from a file the caller read (never
// from the configuration). Security: connection and operations time out; the number of entries read is
// bounded (a filter matching the whole national directory is refused, not swallowed); values are bounded text.

import { Client, InvalidCredentialsError, NoSuchObjectError, type Entry } from 'ldapts';
import { DomainError } from '#core/errors';
import { parsePost } from './csv-records.ts';
import type { HrFieldNames, HrReadResult, HrRecord, Rejection } from './hr-record.ts';

/** The attribute of each field. */
export type LdapAttributes = HrFieldNames;

export interface LdapSourceOptions {
  readonly url: string;
  /** '' for an anonymous bind. */
  readonly bindDn: string;
  readonly password: string;
  readonly baseDn: string;
  readonly filter: string;
  readonly pageSize: number;
  readonly timeoutMs: number;
  readonly maxEntries: number;
  readonly attributes: LdapAttributes;
  /** Between a UAI and a role in the establishments attribute (0380027Y:enseignant). */
  readonly roleSeparator: string;
}

/** A value longer than this is not a name, an address or a code: the entry is read without it. */
const MAX_VALUE_LENGTH = 1000;

/** Search the directory and turn its entries into HR records; throws DomainError on a failed connection or search. */
export async function readLdapRecords(options: LdapSourceOptions): Promise<HrReadResult> {
  const client = new Client({
    url: options.url,
    timeout: options.timeoutMs,
    connectTimeout: options.timeoutMs,
  });
  const failure = (code: 'invalid' | 'unavailable' | 'limit', reason: string, cause?: unknown, extra = {}) =>
    new DomainError(code, `LDAP import from ${options.url}: ${reason}`, {
      cause,
      details: { subject: 'hrSource', name: options.url, reason, ...extra },
    });
  const entries: Entry[] = [];
  try {
    // Bind
    try {
      if (options.bindDn !== '') await client.bind(options.bindDn, options.password);
    } catch (error) {
      if (error instanceof InvalidCredentialsError) throw failure('invalid', 'ldapBindRefused', error);
      throw failure('unavailable', 'ldapUnreachable', error, {
        message: String((error as Error).message).slice(0, 200),
      });
    }

    // Search, page by page, stopping at the bound
    const attributes = Object.values(options.attributes).filter((name) => name !== '');
    try {
      const pages = client.searchPaginated(options.baseDn, {
        scope: 'sub',
        filter: options.filter,
        attributes,
        paged: { pageSize: options.pageSize },
        timeLimit: Math.ceil(options.timeoutMs / 1000),
      });
      for await (const page of pages) {
        entries.push(...page.searchEntries);
        if (entries.length > options.maxEntries) {
          throw failure('limit', 'ldapTooManyEntries', undefined, { max: options.maxEntries });
        }
      }
    } catch (error) {
      if (error instanceof DomainError) throw error;
      if (error instanceof NoSuchObjectError)
        throw failure('invalid', 'ldapNoSuchBase', error, { base: options.baseDn });
      throw failure('unavailable', 'ldapSearchFailed', error, {
        message: String((error as Error).message).slice(0, 200),
      });
    }
  } finally {
    await client.unbind().catch(() => {});
  }

  const records: HrRecord[] = [];
  const rejected: Rejection[] = [];
  for (const entry of entries) {
    const result = recordOfEntry(entry, options.attributes, options.roleSeparator);
    if ('reason' in result) rejected.push(result);
    else records.push(result);
  }
  return { source: 'ldap', records, rejected };
}

/** One entry as an HR record, or why not (a single-valued field given several values). */
export function recordOfEntry(
  entry: Entry,
  attributes: LdapAttributes,
  roleSeparator: string,
): HrRecord | Rejection {
  const location = { entry: entry.dn.slice(0, 500) };
  const all = (name: string): string[] => {
    if (name === '') return [];
    // LDAP attribute names are case-insensitive; ldapts keeps the server's spelling.
    const key = Object.keys(entry).find((k) => k.toLowerCase() === name.toLowerCase());
    const raw = key === undefined || key === 'dn' ? [] : entry[key];
    const values = Array.isArray(raw) ? raw : raw === undefined ? [] : [raw];
    return values
      .map((value) => (typeof value === 'string' ? value : value.toString('utf8')))
      .filter((value) => value.length <= MAX_VALUE_LENGTH)
      .map((value) => value.trim())
      .filter((value) => value !== '');
  };
  const hrIds = all(attributes.hrId);
  if (hrIds.length > 1) {
    return {
      ...location,
      hrId: null,
      reason: 'multipleValues',
      field: attributes.hrId,
      value: hrIds.join(', ').slice(0, 200),
    };
  }
  const first = (name: string) => all(name)[0] ?? '';
  return {
    location,
    hrId: hrIds[0] ?? '',
    familyName: first(attributes.familyName),
    givenName: first(attributes.givenName),
    displayName: first(attributes.displayName),
    email: first(attributes.email),
    title: first(attributes.title),
    profileCategory: first(attributes.category),
    disciplines: all(attributes.disciplines),
    phone: first(attributes.phone),
    posts: all(attributes.establishments).map((value) => parsePost(value, roleSeparator)),
  };
}
