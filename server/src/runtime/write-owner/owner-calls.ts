// The mail service's calls a worker sends to the write owner (decision 0013), each with the shape its arguments
// must have on the wire and how many emails it names. The owner checks the shape before anything runs; the mail
// service checks the rest (authorisation included) as it does for a local call.

import type { EmailSelection, KeywordOptions, MailService } from '#domain/mail';

export const FORWARDED_CALLS = [
  'setKeywords',
  'addKeywords',
  'removeKeywords',
  'moveEmails',
  'copyEmails',
  'expunge',
] as const;
export type ForwardedCall = (typeof FORWARDED_CALLS)[number];
export type ForwardedArguments<C extends ForwardedCall> = Parameters<MailService[C]>;
export type ForwardedResult<C extends ForwardedCall> = Awaited<ReturnType<MailService[C]>>;

/**
 * Emails (ids or UIDs) one forwarded call may name; a bigger call runs where it was asked. A STORE, MOVE or
 * EXPUNGE from a client names one message or a short range; `1:* +FLAGS \Seen` over a large mailbox is one long
 * transaction either way, and its answer would not fit a frame.
 */
export const MAX_FORWARDED_EMAILS = 500;
/** Keywords one forwarded call may name: more is refused by the mail service anyway, where it was asked. */
export const MAX_FORWARDED_KEYWORDS = 100;
const MAX_KEYWORD_CHARS = 255;
const MAX_ID_CHARS = 256;

interface CallShape {
  readonly arity: number;
  /** Whether the arguments have this call's shape and bounds. */
  isValid(args: readonly unknown[]): boolean;
}

const keywordChange: CallShape = {
  arity: 4,
  isValid: ([accountId, selection, keywords, options]) =>
    isId(accountId) &&
    isSelection(selection) &&
    isStringList(keywords, MAX_FORWARDED_KEYWORDS, MAX_KEYWORD_CHARS) &&
    isKeywordOptions(options),
};

const transfer: CallShape = {
  arity: 3,
  isValid: ([accountId, selection, toMailboxId]) =>
    isId(accountId) && isSelection(selection) && isId(toMailboxId),
};

const expunge: CallShape = {
  arity: 3,
  isValid: ([accountId, mailboxId, uids]) => isId(accountId) && isId(mailboxId) && isUidList(uids),
};

const SHAPES: Readonly<Record<ForwardedCall, CallShape>> = {
  setKeywords: keywordChange,
  addKeywords: keywordChange,
  removeKeywords: keywordChange,
  moveEmails: transfer,
  copyEmails: transfer,
  expunge,
};

export function isForwardedCall(value: unknown): value is ForwardedCall {
  return typeof value === 'string' && Object.hasOwn(SHAPES, value);
}

/**
 * Whether arguments fit `call` (count, types, bounds): the owner runs nothing else, and the caller forwards
 * nothing else, so a call too big or malformed (a 300-character keyword the mail service will refuse) runs where
 * it was asked and gets its own answer, instead of making the owner drop the connection and every call on it.
 */
export function hasShapeOf(call: ForwardedCall, args: readonly unknown[]): boolean {
  const shape = SHAPES[call];
  return args.length === shape.arity && shape.isValid(args);
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isId(value: unknown): value is string {
  return typeof value === 'string' && value.length > 0 && value.length <= MAX_ID_CHARS;
}

function isStringList(value: unknown, maxItems: number, maxChars: number): value is string[] {
  return (
    Array.isArray(value) &&
    value.length <= maxItems &&
    value.every((item) => typeof item === 'string' && item.length <= maxChars)
  );
}

function isUidList(value: unknown): value is number[] {
  return (
    Array.isArray(value) &&
    value.length <= MAX_FORWARDED_EMAILS &&
    value.every((uid) => Number.isSafeInteger(uid))
  );
}

function isSelection(value: unknown): value is EmailSelection {
  if (!isRecord(value)) return false;
  if ('emailIds' in value)
    return (
      Object.keys(value).length === 1 && isStringList(value.emailIds, MAX_FORWARDED_EMAILS, MAX_ID_CHARS)
    );
  return Object.keys(value).length === 2 && isId(value.mailboxId) && isUidList(value.uids);
}

function isKeywordOptions(value: unknown): value is KeywordOptions {
  if (!isRecord(value)) return false;
  if (Object.keys(value).some((key) => key !== 'ifUnchangedSince')) return false;
  return value.ifUnchangedSince === undefined || typeof value.ifUnchangedSince === 'number';
}
