// The refusals of SEARCH, SORT and THREAD that are not syntax errors (those are ParseErrors → BAD): an
// unsupported CHARSET (RFC 9051 §6.4.4: NO [BADCHARSET]) and a search beyond an evaluation bound (NO [LIMIT]).
// The command dispatcher maps them with searchErrorResponse, next to its DomainError mapping.

import type { ResponseCode } from '../wire/encoder.ts';
import { badCharsetCode, responseCode } from '../wire/response-codes.ts';

/** The charsets SEARCH, SORT and THREAD accept: the two RFC 9051 requires. UTF-8 covers US-ASCII. */
export const SUPPORTED_CHARSETS = ['US-ASCII', 'UTF-8'] as const;
export type SupportedCharset = (typeof SUPPORTED_CHARSETS)[number];

export const SEARCH_FAILURES = {
  /** CHARSET names a charset we do not decode. */
  badCharset: 'badCharset',
  /** The search would exceed an evaluation bound of SearchLimits. */
  limit: 'limit',
  /** The search needs something this session was not given (a header reader). */
  cannot: 'cannot',
} as const;
export type SearchFailure = keyof typeof SEARCH_FAILURES;

export class SearchError extends Error {
  override readonly name = 'SearchError';
  readonly code: SearchFailure;

  constructor(code: SearchFailure, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** The NO response a SearchError becomes: `NO [BADCHARSET (US-ASCII UTF-8)] …`, `NO [LIMIT] …`. */
export function searchErrorResponse(error: SearchError): {
  readonly status: 'NO';
  readonly code: ResponseCode;
  readonly text: string;
} {
  switch (error.code) {
    case 'badCharset':
      return { status: 'NO', code: badCharsetCode(SUPPORTED_CHARSETS), text: 'Unsupported charset' };
    case 'limit':
      return { status: 'NO', code: responseCode('LIMIT'), text: error.message };
    case 'cannot':
      return { status: 'NO', code: responseCode('CANNOT'), text: error.message };
  }
}
