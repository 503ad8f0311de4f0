// One Email object (RFC 8621 §4.1) of an Email/get or Email/parse response: metadata comes from the stored row
// (or, for a parsed blob, the row it would have); header blocks and body values are read from the message, only
// the ranges the asked properties need, in one pass, from wherever the source keeps its octets.

import assert from 'node:assert/strict';
import type { Email, EmailStructure, MailService } from '#domain/mail';
import { MAX_HEADER_BYTES, type MimePart } from '#formats/mime';
import { partBlobId } from '../blob/blob-ids.ts';
import { type BodyLists, bodyLists } from './body-lists.ts';
import { bodyPart, type PartContext, treeParts } from './body-parts.ts';
import {
  type BodyValueBudget,
  type BodyValueOptions,
  type BodyValueRead,
  bodyValue,
  bodyValueParts,
  planBodyValue,
  wantsBodyValues,
} from './body-values.ts';
import { type ByteRange, type EmailBytes, readEmailRanges } from './email-bytes.ts';
import {
  isHeaderCacheEnough,
  needsMessageHeaders,
  needsPartHeaders,
  needsStructure,
  type PropertySelection,
} from './email-properties.ts';
import { rowProperty } from './email-row-properties.ts';
import { type HeaderField, headerList, parseHeaderFields } from './header-fields.ts';
import { headerPropertyValue } from './header-forms.ts';

/** What the arguments of one Email/get ask of every email. */
export interface EmailRequest {
  readonly properties: PropertySelection;
  readonly bodyProperties: PropertySelection;
  readonly bodyValues: BodyValueOptions;
}

/** Where one email's octets and part blob ids come from: a stored email, or a blob being parsed. */
export interface EmailSource {
  /** The octets of `ranges` (clamped to the message), in as few reads as the source needs. */
  read(ranges: readonly ByteRange[]): Promise<EmailBytes>;
  /** The blob id of the leaf part `partId`. */
  partBlobId(partId: string): string | null;
  /** Properties the source answers itself instead of the row (Email/parse: null ids, the parsed blob's id). */
  readonly fixedProperties?: Readonly<Record<string, unknown>>;
}

/** A stored email of the account: its ranges read from the blob store, its parts named after it. */
export function storedEmailSource(mail: MailService, accountId: string, emailId: string): EmailSource {
  return {
    read: (ranges) => readEmailRanges(mail, accountId, emailId, ranges),
    partBlobId: (partId) => partBlobId(emailId, partId),
  };
}

const LIST_PROPERTIES = ['textBody', 'htmlBody', 'attachments'] as const;

/** What one email needs read: the ranges, and what they are for. */
interface ReadPlan {
  readonly structure: EmailStructure | undefined;
  readonly lists: BodyLists | undefined;
  /** The message's own fields, when the header cache serves them. */
  readonly cachedFields: readonly HeaderField[] | undefined;
  readonly messageHeader: ByteRange | undefined;
  readonly partHeaders: readonly MimePart[];
  readonly valueReads: readonly BodyValueRead[];
}

/** The requested properties of `email`, in the order asked. */
export async function jmapEmail(
  email: Email,
  request: EmailRequest,
  source: EmailSource,
  budget: BodyValueBudget,
): Promise<Record<string, unknown>> {
  const plan = planReads(email, request, budget);
  const ranges = [
    ...(plan.messageHeader === undefined ? [] : [plan.messageHeader]),
    ...plan.partHeaders.map(partHeaderRange),
    ...plan.valueReads.map((read) => read.range),
  ];
  const bytes = ranges.length === 0 ? undefined : await source.read(ranges);
  return buildEmail(email, request, plan, bytes, source, budget);
}

/** The message's header block, the header blocks of the parts shown, the start of the text parts asked. */
function planReads(email: Email, request: EmailRequest, budget: BodyValueBudget): ReadPlan {
  const asked = request.properties.properties;
  const structure = needsStructure(request.properties) ? requireStructure(email) : undefined;
  const root = structure?.structure;
  const wantsValues = asked.includes('bodyValues') && wantsBodyValues(request.bodyValues);
  const lists =
    root !== undefined && (LIST_PROPERTIES.some((property) => asked.includes(property)) || wantsValues)
      ? bodyLists(root)
      : undefined;
  const cachedFields = isHeaderCacheEnough(request.properties) ? cacheFields(email) : undefined;
  const messageHeader =
    structure !== undefined && needsMessageHeaders(request.properties) && cachedFields === undefined
      ? { start: 0, end: Math.min(structure.headerSize, MAX_HEADER_BYTES) }
      : undefined;
  const partHeaders =
    root !== undefined && needsPartHeaders(request.bodyProperties) ? partsShown(root, asked, lists) : [];
  const valueReads =
    root !== undefined && wantsValues
      ? bodyValueParts(root, lists, request.bodyValues).map((part) =>
          planBodyValue(part, request.bodyValues, budget),
        )
      : [];
  return { structure, lists, cachedFields, messageHeader, partHeaders, valueReads };
}

function buildEmail(
  email: Email,
  request: EmailRequest,
  plan: ReadPlan,
  bytes: EmailBytes | undefined,
  source: EmailSource,
  budget: BodyValueBudget,
): Record<string, unknown> {
  const { messageHeader } = plan;
  let messageFields = plan.cachedFields;
  const headerFields = (): readonly HeaderField[] => {
    if (messageFields === undefined) {
      assert(bytes !== undefined && messageHeader !== undefined, 'the header block was read');
      messageFields = parseHeaderFields(bytes.slice(messageHeader));
    }
    return messageFields;
  };
  const context = partContext(source, request.bodyProperties, plan.structure, bytes);
  const fixed = source.fixedProperties ?? {};
  const object: Record<string, unknown> = {};
  for (const property of request.properties.properties) {
    const header = request.properties.headerProperties.get(property);
    if (header !== undefined) {
      object[property] = headerPropertyValue(headerFields(), header);
      continue;
    }
    switch (property) {
      case 'headers':
        object.headers = headerList(headerFields());
        break;
      case 'bodyStructure':
        object.bodyStructure = bodyPart(plan.structure?.structure as MimePart, context, true);
        break;
      case 'textBody':
      case 'htmlBody':
      case 'attachments':
        object[property] = (plan.lists as BodyLists)[property].map((part) => bodyPart(part, context, false));
        break;
      case 'bodyValues':
        object.bodyValues = Object.fromEntries(
          plan.valueReads.map((read) => [read.part.partId, bodyValue(bytes as EmailBytes, read, budget)]),
        );
        break;
      default:
        object[property] = Object.hasOwn(fixed, property) ? fixed[property] : rowProperty(email, property);
    }
  }
  return object;
}

/** How the email's body parts are built; each part's header block is parsed once, when first needed. */
function partContext(
  source: EmailSource,
  properties: PropertySelection,
  structure: EmailStructure | undefined,
  bytes: EmailBytes | undefined,
): PartContext {
  const parsed = new Map<MimePart, readonly HeaderField[]>();
  return {
    partBlobId: (partId) => source.partBlobId(partId),
    properties,
    decodedSizes: new Map(structure?.attachments.map((attachment) => [attachment.partId, attachment.size])),
    headerFields(part) {
      let fields = parsed.get(part);
      if (fields === undefined) {
        assert(bytes !== undefined, 'part headers were read');
        fields = parseHeaderFields(bytes.slice(partHeaderRange(part)));
        parsed.set(part, fields);
      }
      return fields;
    },
  };
}

function requireStructure(email: Email): EmailStructure {
  assert(email.structure !== undefined, `email ${email.id} was read with its structure`);
  return email.structure;
}

/** The fields of the header cache, or undefined when the email has none (then the message is read). */
function cacheFields(email: Email): readonly HeaderField[] | undefined {
  return email.headerCache === null || email.headerCache === undefined
    ? undefined
    : parseHeaderFields(email.headerCache);
}

/** The parts whose EmailBodyPart objects the asked properties show. */
function partsShown(root: MimePart, asked: readonly string[], lists: BodyLists | undefined): MimePart[] {
  if (asked.includes('bodyStructure')) return treeParts(root);
  return LIST_PROPERTIES.filter((property) => asked.includes(property)).flatMap(
    (property) => lists?.[property] ?? [],
  );
}

function partHeaderRange(part: MimePart): ByteRange {
  return { start: part.headerStart, end: Math.min(part.headerEnd, part.headerStart + MAX_HEADER_BYTES) };
}
