// The properties Email/get knows for an Email and for an EmailBodyPart (RFC 8621 §4.1, §4.1.4), their
// defaults, and which costly parts of the stored email a choice of them needs (so a list view that asks for
// subjects and previews never opens a message).

import { CACHED_HEADER_FIELDS } from '#formats/mime';
import type { EmailDetail } from '#domain/mail';
import { invalidArguments } from '../method-error.ts';
import { type HeaderProperty, isHeaderProperty, parseHeaderProperty } from './header-forms.ts';

export const EMAIL_PROPERTIES = [
  'id',
  'blobId',
  'threadId',
  'mailboxIds',
  'keywords',
  'size',
  'receivedAt',
  'headers',
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'hasAttachment',
  'preview',
  'bodyStructure',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
] as const;

/** RFC 8621 §4.2: what Email/get returns when `properties` is null (no headers, no bodyStructure). */
const DEFAULT_EMAIL_PROPERTIES: readonly string[] = EMAIL_PROPERTIES.filter(
  (property) => property !== 'headers' && property !== 'bodyStructure',
);

/** RFC 8621 §4.9: what Email/parse returns when `properties` is null (nothing a stored email alone has). */
const DEFAULT_PARSE_PROPERTIES: readonly string[] = [
  'messageId',
  'inReplyTo',
  'references',
  'sender',
  'from',
  'to',
  'cc',
  'bcc',
  'replyTo',
  'subject',
  'sentAt',
  'hasAttachment',
  'preview',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
];

export const BODY_PART_PROPERTIES = [
  'partId',
  'blobId',
  'size',
  'headers',
  'name',
  'type',
  'charset',
  'disposition',
  'cid',
  'language',
  'location',
  'subParts',
] as const;

/** RFC 8621 §4.2: the body part properties returned when `bodyProperties` is null. */
const DEFAULT_BODY_PROPERTIES: readonly string[] = BODY_PART_PROPERTIES.filter(
  (property) => property !== 'headers' && property !== 'subParts',
);

/** Email properties that need the MIME structure (sentAt: for the Date header's own offset). */
const STRUCTURE_PROPERTIES = new Set([
  'headers',
  'sentAt',
  'bodyStructure',
  'bodyValues',
  'textBody',
  'htmlBody',
  'attachments',
]);

/** Properties as asked, in order, with the `header:` ones read. */
export interface PropertySelection {
  readonly properties: readonly string[];
  readonly headerProperties: ReadonlyMap<string, HeaderProperty>;
}

/** The Email properties to return: `id` always; an unknown property or header form is invalidArguments. */
export function selectEmailProperties(asked: readonly string[] | null | undefined): PropertySelection {
  const selection = selectProperties(asked, EMAIL_PROPERTIES, DEFAULT_EMAIL_PROPERTIES);
  if (selection.properties.includes('id')) return selection;
  return { ...selection, properties: ['id', ...selection.properties] };
}

/** The Email properties Email/parse returns: exactly those asked (a parsed email has no id to add). */
export function selectParsedEmailProperties(asked: readonly string[] | null | undefined): PropertySelection {
  return selectProperties(asked, EMAIL_PROPERTIES, DEFAULT_PARSE_PROPERTIES);
}

/** The EmailBodyPart properties to return (`bodyProperties`). */
export function selectBodyProperties(asked: readonly string[] | null | undefined): PropertySelection {
  return selectProperties(asked, BODY_PART_PROPERTIES, DEFAULT_BODY_PROPERTIES);
}

function selectProperties(
  asked: readonly string[] | null | undefined,
  known: readonly string[],
  defaults: readonly string[],
): PropertySelection {
  const properties = [...new Set(asked ?? defaults)];
  const headerProperties = new Map<string, HeaderProperty>();
  const unknown: string[] = [];
  for (const property of properties) {
    if (isHeaderProperty(property)) headerProperties.set(property, parseHeaderProperty(property));
    else if (!known.includes(property)) unknown.push(property);
  }
  if (unknown.length > 0) throw invalidArguments(`unknown properties: ${unknown.join(', ')}`);
  return { properties, headerProperties };
}

/** Whether body parts need their own header blocks read. */
export function needsPartHeaders(bodyProperties: PropertySelection): boolean {
  return bodyProperties.headerProperties.size > 0 || bodyProperties.properties.includes('headers');
}

/** Whether the Email's own header block must be read (`headers` or a `header:` property). */
export function needsMessageHeaders(properties: PropertySelection): boolean {
  return properties.headerProperties.size > 0 || properties.properties.includes('headers');
}

/**
 * The costly parts of the stored email these properties need. The header cache serves `header:` properties
 * when every field they name is in it (the fields list views ask for), which saves opening the message.
 */
export function emailDetails(properties: PropertySelection): EmailDetail[] {
  const details: EmailDetail[] = [];
  if (properties.properties.includes('mailboxIds')) details.push('mailboxUids');
  if (needsStructure(properties)) details.push('structure');
  if (isHeaderCacheEnough(properties)) details.push('headerCache');
  return details;
}

/** Whether the properties need the stored MIME structure (offsets, types, the raw Date header). */
export function needsStructure(properties: PropertySelection): boolean {
  return (
    properties.headerProperties.size > 0 ||
    properties.properties.some((property) => STRUCTURE_PROPERTIES.has(property))
  );
}

/** Whether the header cache holds every field the Email's `header:` properties read. */
export function isHeaderCacheEnough(properties: PropertySelection): boolean {
  if (properties.headerProperties.size === 0 || properties.properties.includes('headers')) return false;
  return [...properties.headerProperties.values()].every((header) => CACHED_HEADER_FIELDS.has(header.name));
}
