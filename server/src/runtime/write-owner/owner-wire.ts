// What crosses the write owner's socket (decision 0013): numbered calls of the mail service's keyword changes,
// and their answers in any order — a value, an error with its class and code, or "not run" (the owner is
// stopping and did not start it, so the caller runs it itself).

import { isFailureCode } from '@vercors/contract';
import { DomainError, ParseError, STORE_FAILURES, StoreError, type StoreFailureCode } from '#core/errors';
import type { EmailSelection, KeywordOptions, MailService } from '#domain/mail';

export const FORWARDED_CALLS = ['setKeywords', 'addKeywords', 'removeKeywords'] as const;
export type ForwardedCall = (typeof FORWARDED_CALLS)[number];

export type KeywordArguments = Parameters<MailService['setKeywords']>;

/**
 * Emails (ids or UIDs) one forwarded call may name; a bigger selection runs where it was asked. A STORE from a
 * client is one message or a short range; `1:* +FLAGS \Seen` over a large mailbox is one long transaction either
 * way, and its answer would not fit a frame.
 */
export const MAX_FORWARDED_EMAILS = 500;
/** Keywords one forwarded call may name: more is refused by the mail service anyway, where it was asked. */
export const MAX_FORWARDED_KEYWORDS = 100;
const MAX_ID_CHARS = 256;

export interface CallRequest {
  readonly id: number;
  readonly call: ForwardedCall;
  readonly args: KeywordArguments;
}

export interface WireError {
  readonly kind: 'domain' | 'store' | 'other';
  readonly code: string;
  readonly message: string;
  readonly details?: Readonly<Record<string, string | number>>;
}

export type CallAnswer =
  | { readonly id: number; readonly value: unknown }
  | { readonly id: number; readonly error: WireError }
  | { readonly id: number; readonly notRun: true };

/** Whether a call this size may be forwarded (see MAX_FORWARDED_EMAILS). */
export function isForwardable(selection: EmailSelection, keywords: readonly string[]): boolean {
  const count = 'emailIds' in selection ? selection.emailIds.length : selection.uids.length;
  return count <= MAX_FORWARDED_EMAILS && keywords.length <= MAX_FORWARDED_KEYWORDS;
}

/** A decoded frame as a call, or ParseError 'badRequest'. The owner checks the shape; the mail service the rest. */
export function parseRequest(frame: unknown): CallRequest {
  const bad = (why: string) => new ParseError('badRequest', `a forwarded call ${why}`);
  if (!isRecord(frame)) throw bad('is not an object');
  const { id, call, args } = frame;
  if (!Number.isSafeInteger(id) || (id as number) < 1) throw bad('has no valid id');
  if (typeof call !== 'string' || !(FORWARDED_CALLS as readonly string[]).includes(call))
    throw bad(`names an unknown call ${JSON.stringify(call)}`);
  if (!Array.isArray(args) || args.length !== 4) throw bad('does not have four arguments');
  const [accountId, selection, keywords, options] = args as unknown[];
  if (!isId(accountId)) throw bad('has no account id');
  if (!isSelection(selection)) throw bad('has no valid selection');
  if (!isStringList(keywords, MAX_FORWARDED_KEYWORDS, 255)) throw bad('has no valid keyword list');
  if (!isOptions(options)) throw bad('has invalid options');
  return { id: id as number, call: call as ForwardedCall, args: [accountId, selection, keywords, options] };
}

/** A decoded frame as an answer, or ParseError 'badAnswer'. */
export function parseAnswer(frame: unknown): CallAnswer {
  if (!isRecord(frame) || !Number.isSafeInteger(frame.id))
    throw new ParseError('badAnswer', 'an answer of the write owner has no id');
  if ('notRun' in frame) return { id: frame.id as number, notRun: true };
  if ('error' in frame) {
    const { error } = frame;
    if (!isRecord(error) || typeof error.code !== 'string' || typeof error.message !== 'string')
      throw new ParseError('badAnswer', 'an error of the write owner has no code');
    return { id: frame.id as number, error: error as unknown as WireError };
  }
  return { id: frame.id as number, value: frame.value };
}

/** An error thrown by the owner's mail service, as it crosses. */
export function errorToWire(error: unknown): WireError {
  if (error instanceof DomainError)
    return { kind: 'domain', code: error.code, message: error.message, details: error.details };
  if (error instanceof StoreError) return { kind: 'store', code: error.code, message: error.message };
  return { kind: 'other', code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

/** The error the caller throws: the same class and code, so protocols map it as if it ran here. */
export function errorFromWire(error: WireError): Error {
  if (error.kind === 'domain' && isFailureCode(error.code))
    return new DomainError(error.code, error.message, { details: detailsOf(error.details) });
  if (error.kind === 'store' && (STORE_FAILURES as readonly string[]).includes(error.code))
    return new StoreError(error.code as StoreFailureCode, error.message);
  return new Error(`the write owner failed: ${error.message}`);
}

function detailsOf(details: unknown): Record<string, string | number> {
  if (!isRecord(details)) return {};
  return Object.fromEntries(
    Object.entries(details).filter(([, value]) => typeof value === 'string' || typeof value === 'number'),
  ) as Record<string, string | number>;
}

function isRecord(value: unknown): value is Record<string, unknown> {
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

function isSelection(value: unknown): value is EmailSelection {
  if (!isRecord(value)) return false;
  if ('emailIds' in value)
    return (
      Object.keys(value).length === 1 && isStringList(value.emailIds, MAX_FORWARDED_EMAILS, MAX_ID_CHARS)
    );
  const { mailboxId, uids } = value;
  return (
    Object.keys(value).length === 2 &&
    isId(mailboxId) &&
    Array.isArray(uids) &&
    uids.length <= MAX_FORWARDED_EMAILS &&
    uids.every((uid) => Number.isSafeInteger(uid))
  );
}

function isOptions(value: unknown): value is KeywordOptions {
  if (!isRecord(value)) return false;
  const keys = Object.keys(value);
  if (keys.some((key) => key !== 'ifUnchangedSince')) return false;
  return value.ifUnchangedSince === undefined || typeof value.ifUnchangedSince === 'number';
}
