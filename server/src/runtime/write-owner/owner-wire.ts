// What crosses the write owner's socket (decision 0013): numbered calls of the mail service (owner-calls.ts), and
// their answers in any order — a value, an error with its class and code, or "not run" (the owner is stopping and
// did not start it, so the caller runs it itself).

import { isFailureCode } from '@vercors/contract';
import { DomainError, ParseError, STORE_FAILURES, StoreError, type StoreFailureCode } from '#core/errors';
import { type ForwardedCall, hasShapeOf, isForwardedCall, isRecord } from './owner-calls.ts';

export interface CallRequest {
  readonly id: number;
  readonly call: ForwardedCall;
  /** Checked against the call's shape (hasShapeOf) when it was parsed. */
  readonly args: readonly unknown[];
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

/** A decoded frame as a call, or ParseError 'badRequest'. */
export function parseRequest(frame: unknown): CallRequest {
  const bad = (why: string) => new ParseError('badRequest', `a forwarded call ${why}`);
  if (!isRecord(frame)) throw bad('is not an object');
  const { id, call, args } = frame;
  if (!Number.isSafeInteger(id) || (id as number) < 1) throw bad('has no valid id');
  if (!isForwardedCall(call)) throw bad(`names an unknown call ${JSON.stringify(call)}`);
  if (!Array.isArray(args) || !hasShapeOf(call, args)) throw bad(`has invalid arguments for ${call}`);
  return { id: id as number, call, args };
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
