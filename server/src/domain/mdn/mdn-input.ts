// What a client gives MDN/send for one email, checked before anything is read: the subject and each report
// field one line, the text bounded, extension fields with valid names that RFC 8098 does not already define,
// finalRecipient an rfc822 address. Every bad property is named at once (invalidProperties).

import { isFieldName, isOneLine } from './mdn-fields.ts';
import { MDN_DEFAULT_REPORTING_UA, MDN_LIMITS, MdnRefused, type NewMdn } from './mdn.ts';

/** Fields of RFC 8098 §3.2 that the server writes itself: not extension fields. */
const RESERVED_FIELDS = new Set([
  'reporting-ua',
  'mdn-gateway',
  'original-recipient',
  'final-recipient',
  'original-message-id',
  'disposition',
  'error',
]);

/** RFC 8098 §3.2.4 with the only address type we answer for. */
const RFC822_RECIPIENT = /^rfc822\s*;\s*(\S+)$/i;

/** A NewMdn checked and normalised: what composing a receipt needs of the client's input. */
export interface CheckedMdnInput {
  /** Null: the default subject. */
  readonly subject: string | null;
  /** Null: the default text. */
  readonly textBody: string | null;
  readonly includeOriginalMessage: boolean;
  /** Null: no Reporting-UA field. */
  readonly reportingUA: string | null;
  /** The address of the client's finalRecipient, lower case; null: the identity's. */
  readonly finalRecipient: string | null;
  readonly extensionFields: readonly (readonly [name: string, value: string])[];
}

/** One field value: a line without controls, bounded, its spaces single. */
function fieldValue(value: string): string | undefined {
  const line = value.replace(/ +/g, ' ').trim();
  return isOneLine(line) && line.length <= MDN_LIMITS.maxFieldValueChars ? line : undefined;
}

/** Plain text: no controls but tab and line breaks, bounded in bytes. */
function isText(text: string): boolean {
  return (
    !/[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]/.test(text) && Buffer.byteLength(text) <= MDN_LIMITS.maxTextBodyBytes
  );
}

const isBlank = (value: string | null | undefined): value is null | undefined | '' =>
  value === null || value === undefined || value.trim() === '';

function checkExtensionFields(
  fields: NewMdn['extensionFields'],
): readonly (readonly [string, string])[] | undefined {
  const entries = Object.entries(fields ?? {});
  if (entries.length > MDN_LIMITS.maxExtensionFields) return undefined;
  const seen = new Set<string>();
  const checked: [string, string][] = [];
  for (const [name, value] of entries) {
    const lower = name.toLowerCase();
    const line = fieldValue(value);
    if (!isFieldName(name) || RESERVED_FIELDS.has(lower) || seen.has(lower) || line === undefined)
      return undefined;
    seen.add(lower);
    checked.push([name, line]);
  }
  return checked;
}

/** The input checked and normalised; MdnRefused invalidProperties names every property that is not. */
export function checkNewMdn(input: NewMdn): CheckedMdnInput {
  const bad: string[] = [];
  const subject = isBlank(input.subject) ? null : input.subject.trim();
  if (subject !== null && (!isOneLine(subject) || [...subject].length > MDN_LIMITS.maxSubjectChars))
    bad.push('subject');
  const textBody = isBlank(input.textBody) ? null : input.textBody;
  if (textBody !== null && !isText(textBody)) bad.push('textBody');
  // Absent: ours; null or blank (given): none, as RFC 9007 §2 suggests for privacy.
  let reportingUA: string | null = MDN_DEFAULT_REPORTING_UA;
  if (input.reportingUA !== undefined) {
    reportingUA = isBlank(input.reportingUA) ? null : (fieldValue(input.reportingUA) ?? null);
    if (!isBlank(input.reportingUA) && reportingUA === null) bad.push('reportingUA');
  }
  const finalRecipient = isBlank(input.finalRecipient)
    ? null
    : (RFC822_RECIPIENT.exec(input.finalRecipient.trim())?.[1]?.toLowerCase() ?? null);
  if (!isBlank(input.finalRecipient) && finalRecipient === null) bad.push('finalRecipient');
  const extensionFields = checkExtensionFields(input.extensionFields);
  if (extensionFields === undefined) bad.push('extensionFields');
  if (bad.length > 0) {
    throw new MdnRefused(
      { reason: 'invalidProperties', properties: bad },
      `invalid properties: ${bad.join(', ')}`,
    );
  }
  return {
    subject,
    textBody,
    includeOriginalMessage: input.includeOriginalMessage === true,
    reportingUA,
    finalRecipient,
    extensionFields: extensionFields ?? [],
  };
}
