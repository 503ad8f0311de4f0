// What an establishment is (an école, a collège, the rectorat…) and how its fields are checked before
// they reach the store. Establishments are keyed by their UAI code, the national identifier HR uses too.

import { DomainError } from '#core/errors';
import {
  cleanPhone,
  cleanPostalCode,
  cleanText,
  cleanWebsite,
  MAX_DIRECTORY_TEXT,
} from './directory-fields.ts';
import { normalizeUai } from './uai.ts';

export const ESTABLISHMENT_TYPES = [
  'ecole',
  'college',
  'lycee',
  'lycee-professionnel',
  'service-academique',
  'cio',
  'autre',
] as const;
export type EstablishmentType = (typeof ESTABLISHMENT_TYPES)[number];

export interface Establishment {
  /** UAI code, upper case, check letter verified: 0380027Y. */
  readonly uai: string;
  readonly name: string;
  readonly type: EstablishmentType;
  readonly commune: string;
  /** Department code: 38, 2A, 974. */
  readonly department: string;
  /** Circonscription (primary) or district; null when unknown, as the address, phone and website. */
  readonly district: string | null;
  readonly address: { readonly street: string | null; readonly postalCode: string | null };
  readonly phone: string | null;
  /** An absolute https (or http) URL. */
  readonly website: string | null;
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface EstablishmentInput {
  readonly uai: string;
  readonly name: string;
  readonly type: string;
  readonly commune: string;
  readonly department: string;
  /** Absent: left as it is on an update (null on a new one); null or '': cleared. */
  readonly district?: string | null;
  readonly street?: string | null;
  readonly postalCode?: string | null;
  readonly phone?: string | null;
  readonly website?: string | null;
}

/** The optional contact fields as stored: absent ones are not in the object (kept as they are on update). */
export interface EstablishmentContactFields {
  readonly district?: string | null;
  readonly street?: string | null;
  readonly postal_code?: string | null;
  readonly phone?: string | null;
  readonly website?: string | null;
}

/** Metropolitan departments 01–95 with Corsica's 2A/2B (20 no longer exists), and the overseas 971–976. */
const DEPARTMENT = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6])$/;

export const MAX_ESTABLISHMENT_TEXT = MAX_DIRECTORY_TEXT;

export function parseUai(input: string): string {
  const uai = normalizeUai(input);
  if (uai === undefined) {
    throw new DomainError('invalid', `invalid UAI code ${JSON.stringify(input)}`, {
      details: { subject: 'establishment', name: input, reason: 'invalidUai' },
    });
  }
  return uai;
}

export function isEstablishmentType(value: string): value is EstablishmentType {
  return (ESTABLISHMENT_TYPES as readonly string[]).includes(value);
}

/** Check and normalise every field; throws DomainError('invalid') naming the first bad one. */
export function parseEstablishmentInput(input: EstablishmentInput): {
  readonly uai: string;
  readonly name: string;
  readonly type: EstablishmentType;
  readonly commune: string;
  readonly department: string;
  readonly contact: EstablishmentContactFields;
} {
  const uai = parseUai(input.uai);
  const invalid = (reason: string, extra: Record<string, string> = {}) =>
    new DomainError('invalid', `establishment ${uai}: ${reason}`, {
      details: { subject: 'establishment', name: uai, reason, ...extra },
    });
  const type = input.type.trim();
  if (!isEstablishmentType(type)) {
    throw invalid('invalidChoice', { field: 'type', value: type, choices: ESTABLISHMENT_TYPES.join(', ') });
  }
  const department = input.department.trim().toUpperCase();
  if (!DEPARTMENT.test(department)) throw invalid('invalidDepartment', { value: department });
  const name = cleanText(input.name);
  const commune = cleanText(input.commune);
  if (name === undefined || commune === undefined) throw invalid('invalidName');
  const contact: Record<string, string | null> = {};
  const optional = (
    column: keyof EstablishmentContactFields,
    value: string | null | undefined,
    clean: (text: string) => string | undefined,
    reason: string,
  ) => {
    if (value === undefined) return;
    if (value === null || value.trim() === '') {
      contact[column] = null;
      return;
    }
    const cleaned = clean(value);
    if (cleaned === undefined) throw invalid(reason, { value: value.slice(0, MAX_DIRECTORY_TEXT) });
    contact[column] = cleaned;
  };
  optional('district', input.district, (text) => cleanText(text), 'invalidName');
  optional('street', input.street, (text) => cleanText(text), 'invalidName');
  optional('postal_code', input.postalCode, cleanPostalCode, 'invalidPostalCode');
  optional('phone', input.phone, cleanPhone, 'invalidPhone');
  optional('website', input.website, cleanWebsite, 'invalidWebsite');
  return { uai, name, type, commune, department, contact };
}
