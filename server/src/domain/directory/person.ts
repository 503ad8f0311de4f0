// What a person of the académie directory is, and how the fields the HR source gives are checked before they
// reach the store. A person is keyed by the HR source's identifier (hrId); the account, when there is one, is
// linked, not merged: the directory also lists people who have no mailbox here.

import { PROFILE_CATEGORIES, type AccountStatus, type ProfileCategory } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { cleanPhone, cleanText } from './directory-fields.ts';
import type { EstablishmentType } from './establishment.ts';
import { normalizeUai } from './uai.ts';

/** A person's role in one establishment. Codes in French, as HR files and the administrators write them. */
export const PERSON_ROLES = [
  'enseignant',
  'direction',
  'secretariat',
  'vie-scolaire',
  'gestion',
  'technique',
  'inspection',
  'autre',
] as const;
export type PersonRole = (typeof PERSON_ROLES)[number];

/** The person's own choice: opted out people are left out of the directory other staff read. */
export const LISTING_CHOICES = ['listed', 'optedOut'] as const;
export type ListingChoice = (typeof LISTING_CHOICES)[number];

export const HR_STATUSES = ['present', 'departed'] as const;
export type HrStatus = (typeof HR_STATUSES)[number];

export const PERSON_SOURCES = ['csv', 'ldap', 'manual', 'demo'] as const;
export type PersonSource = (typeof PERSON_SOURCES)[number];

export const PERSON_LIMITS = {
  /** Employee numbers, LDAP uids and NUMEN-derived ids all fit; longer is not an identifier. */
  maxHrIdLength: 64,
  /** A teacher has one to three disciplines; twenty is far beyond any real case. */
  maxDisciplines: 20,
  maxDisciplineLength: 100,
  /** Posts in several schools happen (remplaçants, itinerant staff); beyond twenty is a data error. */
  maxPosts: 20,
  /** RFC 5321's path limit. */
  maxEmailLength: 254,
} as const;

/** One establishment a person works in, with what the directory shows of it. */
export interface PersonPost {
  readonly uai: string;
  readonly role: PersonRole;
  readonly isPrimary: boolean;
  readonly name: string;
  readonly type: EstablishmentType;
  readonly commune: string;
  readonly department: string;
}

export interface Person {
  readonly id: string;
  readonly hrId: string;
  readonly accountId: string | null;
  /** The linked account's status (null without an account): directory readers hide or mark suspended ones. */
  readonly accountStatus: AccountStatus | null;
  readonly givenName: string;
  readonly familyName: string;
  readonly displayName: string;
  /** Professional address, lower case. */
  readonly email: string | null;
  /** The function: "Professeur des écoles", "Secrétaire de direction". */
  readonly title: string | null;
  readonly profileCategory: ProfileCategory;
  readonly disciplines: readonly string[];
  readonly phone: string | null;
  readonly listing: ListingChoice;
  readonly hrStatus: HrStatus;
  readonly departedAt: Date | null;
  readonly source: PersonSource;
  /** The main post first, then the others by UAI. */
  readonly posts: readonly PersonPost[];
  readonly createdAt: Date;
  readonly updatedAt: Date;
}

/** What a source says of a person; strings are checked here (they come from files and LDAP entries). */
export interface PersonInput {
  readonly hrId: string;
  readonly givenName: string;
  readonly familyName: string;
  /** Default: given name and family name. */
  readonly displayName?: string;
  readonly email?: string;
  readonly title?: string;
  /** Default other. */
  readonly profileCategory?: string;
  readonly disciplines?: readonly string[];
  readonly phone?: string;
  /** The first one marked primary is the main post; none marked: the first. */
  readonly posts?: readonly { readonly uai: string; readonly role?: string; readonly isPrimary?: boolean }[];
}

/** A person's fields, checked and normalised, as the store keeps them (the posts without establishment names). */
export interface PersonFields {
  readonly hrId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly displayName: string;
  readonly email: string | null;
  readonly title: string | null;
  readonly profileCategory: ProfileCategory;
  readonly disciplines: readonly string[];
  readonly phone: string | null;
  readonly posts: readonly { readonly uai: string; readonly role: PersonRole; readonly isPrimary: boolean }[];
}

const HR_ID = /^[A-Za-z0-9][A-Za-z0-9._:@-]*$/;
/** Enough to catch a typo or a wrong column; account creation checks addresses fully when it matters. */
const EMAIL =
  /^[a-z0-9!#$%&'*+/=?^_`{|}~.-]+@[a-z0-9](?:[a-z0-9-]*[a-z0-9])?(?:\.[a-z0-9](?:[a-z0-9-]*[a-z0-9])?)+$/;

/** The role a post gets when the source names none: what the staff category usually does there. */
const DEFAULT_ROLES: Readonly<Record<ProfileCategory, PersonRole>> = {
  primaryTeacher: 'enseignant',
  secondaryTeacher: 'enseignant',
  management: 'direction',
  administrative: 'secretariat',
  technical: 'technique',
  other: 'autre',
};

export function isPersonRole(value: string): value is PersonRole {
  return (PERSON_ROLES as readonly string[]).includes(value);
}

export function isListingChoice(value: string): value is ListingChoice {
  return (LISTING_CHOICES as readonly string[]).includes(value);
}

export function isProfileCategory(value: string): value is ProfileCategory {
  return (PROFILE_CATEGORIES as readonly string[]).includes(value);
}

/** Check and normalise every field; throws DomainError('invalid') naming the first bad one. */
export function parsePersonInput(input: PersonInput): PersonFields {
  const hrId = input.hrId.trim();
  const name = hrId === '' ? '?' : hrId.slice(0, PERSON_LIMITS.maxHrIdLength);
  const invalid = (reason: string, extra: Record<string, string | number> = {}) =>
    new DomainError('invalid', `person ${name}: ${reason}`, {
      details: { subject: 'person', name, reason, ...extra },
    });
  if (hrId === '') throw invalid('missingHrId');
  if (hrId.length > PERSON_LIMITS.maxHrIdLength || !HR_ID.test(hrId)) throw invalid('invalidHrId');

  // Names
  const givenName = cleanText(input.givenName);
  const familyName = cleanText(input.familyName);
  if (familyName === undefined) throw invalid('missingName', { field: 'familyName' });
  if (givenName === undefined) throw invalid('missingName', { field: 'givenName' });
  const displayText = input.displayName?.trim() ? input.displayName : `${givenName} ${familyName}`;
  const displayName = cleanText(displayText);
  if (displayName === undefined) throw invalid('invalidName', { field: 'displayName' });

  // Contact
  let email: string | null = null;
  const emailText = input.email?.trim().toLowerCase() ?? '';
  if (emailText !== '') {
    if (emailText.length > PERSON_LIMITS.maxEmailLength || !EMAIL.test(emailText) || emailText.includes('..'))
      throw invalid('invalidEmail', { value: emailText.slice(0, PERSON_LIMITS.maxEmailLength) });
    email = emailText;
  }
  let phone: string | null = null;
  if (input.phone?.trim()) {
    phone = cleanPhone(input.phone) ?? null;
    if (phone === null) throw invalid('invalidPhone', { value: input.phone.slice(0, 40) });
  }
  let title: string | null = null;
  if (input.title?.trim()) {
    title = cleanText(input.title) ?? null;
    if (title === null) throw invalid('invalidName', { field: 'title' });
  }

  // Category and disciplines
  const categoryText = input.profileCategory?.trim() || 'other';
  const profileCategory = PROFILE_CATEGORIES.find((c) => c.toLowerCase() === categoryText.toLowerCase());
  if (profileCategory === undefined) {
    throw invalid('invalidChoice', {
      field: 'profileCategory',
      value: categoryText.slice(0, 40),
      choices: PROFILE_CATEGORIES.join(', '),
    });
  }
  const disciplines: string[] = [];
  for (const raw of input.disciplines ?? []) {
    if (raw.trim() === '') continue;
    const discipline = cleanText(raw, PERSON_LIMITS.maxDisciplineLength);
    if (discipline === undefined) throw invalid('invalidName', { field: 'disciplines' });
    if (!disciplines.includes(discipline)) disciplines.push(discipline);
  }
  if (disciplines.length > PERSON_LIMITS.maxDisciplines)
    throw invalid('tooMany', { field: 'disciplines', max: PERSON_LIMITS.maxDisciplines });

  return {
    hrId,
    givenName,
    familyName,
    displayName,
    email,
    title,
    profileCategory,
    disciplines,
    phone,
    posts: parsePosts(input.posts ?? [], profileCategory, invalid),
  };
}

function parsePosts(
  posts: NonNullable<PersonInput['posts']>,
  category: ProfileCategory,
  invalid: (reason: string, extra?: Record<string, string | number>) => DomainError,
): PersonFields['posts'] {
  if (posts.length > PERSON_LIMITS.maxPosts)
    throw invalid('tooMany', { field: 'posts', max: PERSON_LIMITS.maxPosts });
  const parsed: { uai: string; role: PersonRole; isPrimary: boolean }[] = [];
  for (const post of posts) {
    const uai = normalizeUai(post.uai);
    if (uai === undefined) throw invalid('invalidUai', { value: post.uai.slice(0, 20) });
    if (parsed.some((p) => p.uai === uai)) throw invalid('duplicatePost', { uai });
    const roleText = post.role?.trim().toLowerCase() || DEFAULT_ROLES[category];
    if (!isPersonRole(roleText)) {
      throw invalid('invalidChoice', {
        field: 'role',
        value: roleText.slice(0, 40),
        choices: PERSON_ROLES.join(', '),
      });
    }
    parsed.push({ uai, role: roleText, isPrimary: post.isPrimary === true });
  }
  const marked = parsed.filter((p) => p.isPrimary).length;
  if (marked > 1) throw invalid('severalPrimaryPosts');
  const primaryIndex = Math.max(
    0,
    parsed.findIndex((p) => p.isPrimary),
  );
  return parsed.map((post, index) => ({ ...post, isPrimary: index === primaryIndex }));
}

/** The main post's UAI, or null for a person attached to no establishment. */
export function primaryUai(fields: Pick<PersonFields, 'posts'>): string | null {
  return fields.posts.find((post) => post.isPrimary)?.uai ?? null;
}
