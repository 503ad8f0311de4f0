// The JSContact properties a client may set on a ContactCard (RFC 9553, the subset docs/jmap.md lists), as
// strict, bounded schemas: an unknown property or member, a wrong type or an oversized value is refused with
// invalidProperties naming the property. `@type` members the client sends are accepted and dropped.

import { z } from 'zod';
import { JSCONTACT_LIMITS } from '#formats/jscontact';

const { maxEntries, maxValueChars, maxNoteChars, maxKeyChars, maxComponents, maxMembers } = JSCONTACT_LIMITS;

/** One line of text: no controls (they would break the vCard line). */
const line = z
  .string()
  .max(maxValueChars)
  .regex(/^[^\0-\x1f\x7f]*$/, 'one line without controls');
const key = z
  .string()
  .min(1)
  .max(maxKeyChars)
  .regex(/^[A-Za-z0-9_-]+$/, 'an id is made of A–Z, a–z, 0–9, - and _');
const booleanMap = z
  .record(
    z
      .string()
      .min(1)
      .max(64)
      .regex(/^[A-Za-z0-9-]+$/),
    z.literal(true),
  )
  .refine((map) => Object.keys(map).length <= 16, 'at most 16 keys');
const pref = z.number().int().min(1).max(100);
const typed = (name: string) => ({ '@type': z.literal(name).optional() });
const entries = <T extends z.ZodType>(value: T) =>
  z
    .record(key, value)
    .refine((map) => Object.keys(map).length <= maxEntries, `at most ${maxEntries} entries`);

const nameSchema = z.strictObject({
  ...typed('Name'),
  components: z
    .array(
      z.strictObject({
        ...typed('NameComponent'),
        kind: z.enum(['title', 'given', 'given2', 'surname', 'surname2', 'credential', 'generation']),
        value: line,
      }),
    )
    .max(maxComponents)
    .optional(),
  full: line.optional(),
});

const partialDate = z.strictObject({
  '@type': z.literal('PartialDate').optional(),
  year: z.number().int().min(1).max(9999).optional(),
  month: z.number().int().min(1).max(12).optional(),
  day: z.number().int().min(1).max(31).optional(),
});

export const CARD_FIELDS = {
  '@type': z.literal('Card'),
  version: z.literal('1.0'),
  uid: line.min(1).max(255),
  kind: z.enum(['individual', 'group', 'org']),
  addressBookIds: z.record(z.string().min(1).max(256), z.literal(true)),
  name: nameSchema,
  nicknames: entries(
    z.strictObject({
      ...typed('Nickname'),
      name: line,
      contexts: booleanMap.optional(),
      pref: pref.optional(),
    }),
  ),
  organizations: entries(
    z.strictObject({
      ...typed('Organization'),
      name: line.optional(),
      units: z
        .array(z.strictObject({ ...typed('OrgUnit'), name: line }))
        .max(maxComponents)
        .optional(),
    }),
  ),
  titles: entries(
    z.strictObject({ ...typed('Title'), name: line, kind: z.enum(['title', 'role']).optional() }),
  ),
  emails: entries(
    z.strictObject({
      ...typed('EmailAddress'),
      address: line.min(1).max(320),
      contexts: booleanMap.optional(),
      pref: pref.optional(),
      label: line.optional(),
    }),
  ),
  phones: entries(
    z.strictObject({
      ...typed('Phone'),
      number: line.min(1).max(100),
      features: booleanMap.optional(),
      contexts: booleanMap.optional(),
      pref: pref.optional(),
      label: line.optional(),
    }),
  ),
  addresses: entries(
    z.strictObject({
      ...typed('Address'),
      components: z
        .array(
          z.strictObject({
            ...typed('AddressComponent'),
            kind: z.enum(['postOfficeBox', 'apartment', 'name', 'locality', 'region', 'postcode', 'country']),
            value: line,
          }),
        )
        .max(maxComponents)
        .optional(),
      countryCode: z
        .string()
        .regex(/^[A-Za-z]{2}$/)
        .optional(),
      contexts: booleanMap.optional(),
      pref: pref.optional(),
      full: line.optional(),
    }),
  ),
  onlineServices: entries(
    z.strictObject({
      ...typed('OnlineService'),
      uri: line.min(1),
      service: line.optional(),
      contexts: booleanMap.optional(),
      pref: pref.optional(),
    }),
  ),
  links: entries(
    z.strictObject({
      ...typed('Link'),
      uri: line.min(1),
      contexts: booleanMap.optional(),
      pref: pref.optional(),
      label: line.optional(),
    }),
  ),
  notes: entries(
    z.strictObject({
      ...typed('Note'),
      note: z
        .string()
        .max(maxNoteChars)
        .regex(/^[^\0-\x08\x0b\x0c\x0e-\x1f\x7f]*$/, 'text without controls'),
    }),
  ),
  anniversaries: entries(
    z.strictObject({
      ...typed('Anniversary'),
      kind: z.enum(['birth', 'wedding', 'death']),
      date: partialDate,
    }),
  ),
  members: z
    .record(z.string().min(1).max(maxKeyChars), z.literal(true))
    .refine((map) => Object.keys(map).length <= maxMembers, `at most ${maxMembers} members`),
} as const;
