// Change events as they travel between processes (cluster IPC, PostgreSQL NOTIFY): checked on the way out,
// re-validated on the way in, because a message from another process is input like any other.

import assert from 'node:assert/strict';
import type { ChangeEvent } from '../store.ts';

/**
 * Account ids are JMAP ids (RFC 8620 §1.2: 1-255 URL-safe characters). Keeping to ASCII without escapes also
 * bounds the JSON size: 255 + 64 × (64 + 3) bytes plus the envelope stays under PostgreSQL's 8000-byte NOTIFY.
 */
const ACCOUNT_ID = /^[A-Za-z0-9_-]{1,255}$/;
/** A transaction touches a handful of types; 64 leaves room for any future mix. */
export const MAX_TYPES = 64;
/** Type names are JMAP type names (`EmailSubmission`), perhaps namespaced: printable ASCII, no JSON escapes. */
const TYPE_NAME = /^[A-Za-z][A-Za-z0-9_.:/-]{0,63}$/;

/** Throws (a bug in the publisher) when `event` is not a well-formed ChangeEvent. */
export function assertChangeEvent(event: ChangeEvent): void {
  assert(parseChangeEvent(event) !== undefined, `malformed change event: ${safePreview(event)}`);
}

/** The event if `value` is a well-formed ChangeEvent (a fresh copy holding only its fields); otherwise undefined. */
export function parseChangeEvent(value: unknown): ChangeEvent | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { accountId, modseq, types } = value as Record<string, unknown>;
  if (typeof accountId !== 'string' || !ACCOUNT_ID.test(accountId)) return undefined;
  if (typeof modseq !== 'number' || !Number.isSafeInteger(modseq) || modseq < 0) return undefined;
  if (!Array.isArray(types) || types.length > MAX_TYPES) return undefined;
  for (const type of types as unknown[]) {
    if (typeof type !== 'string' || !TYPE_NAME.test(type)) return undefined;
  }
  return { accountId, modseq, types: [...(types as string[])] };
}

function safePreview(value: unknown): string {
  try {
    return JSON.stringify(value).slice(0, 200);
  } catch {
    return String(value);
  }
}
