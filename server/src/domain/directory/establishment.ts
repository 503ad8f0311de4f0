// What an establishment is (an école, a collège, the rectorat…) and how its fields are checked before
// they reach the store. Establishments are keyed by their UAI code, the national identifier HR uses too.

import { DomainError } from '#core/errors';
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
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

export interface EstablishmentInput {
  readonly uai: string;
  readonly name: string;
  readonly type: string;
  readonly commune: string;
  readonly department: string;
}

/** Metropolitan departments 01–95 with Corsica's 2A/2B (20 no longer exists), and the overseas 971–976. */
const DEPARTMENT = /^(0[1-9]|1\d|2[1-9AB]|[3-8]\d|9[0-5]|97[1-6])$/;

/** Long enough for "Lycée polyvalent et des métiers …" names, short enough to keep listings readable. */
export const MAX_ESTABLISHMENT_TEXT = 200;

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
export function parseEstablishmentInput(
  input: EstablishmentInput,
): Omit<Establishment, 'createdAt' | 'updatedAt'> {
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
  return { uai, name, type, commune, department };
}

/** Trimmed single-line text of bounded length, or undefined when empty or containing control characters. */
function cleanText(value: string): string | undefined {
  const text = value.normalize('NFC').trim().replace(/\s+/g, ' ');
  // Whitespace was folded above; any control character left (NUL, ESC…) has no place in a name.
  if (text === '' || text.length > MAX_ESTABLISHMENT_TEXT || /[\u0000-\u001f\u007f]/.test(text))
    return undefined;
  return text;
}
