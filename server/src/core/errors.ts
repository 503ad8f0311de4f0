// One error class per layer boundary, each with a stable code (STYLE.md §3.6).
// Protocols map DomainError codes once; unexpected errors become a temporary failure with an incident id.

import type { FailureCode } from '@vercors/contract';

/** Raised by the domain layer towards protocols and the CLI. */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  readonly code: FailureCode;
  /** Parameters for the user-facing message (never secrets). */
  readonly details: Readonly<Record<string, string | number>>;

  constructor(
    code: FailureCode,
    message: string,
    options: { cause?: unknown; details?: Record<string, string | number> } = {},
  ) {
    super(message, { cause: options.cause });
    this.code = code;
    this.details = options.details ?? {};
  }
}

export const STORE_FAILURES = ['conflict', 'unavailable', 'corrupt', 'busy', 'notFound', 'tooBig'] as const;
export type StoreFailureCode = (typeof STORE_FAILURES)[number];

/** Raised by the store towards the domain layer. */
export class StoreError extends Error {
  override readonly name = 'StoreError';
  readonly code: StoreFailureCode;

  constructor(code: StoreFailureCode, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** Raised by wire codecs on malformed input (becomes IMAP BAD, SMTP 501, JMAP invalidArguments). */
export class ParseError extends Error {
  override readonly name = 'ParseError';
  readonly code: string;

  constructor(code: string, message: string, options: { cause?: unknown } = {}) {
    super(message, { cause: options.cause });
    this.code = code;
  }
}

/** Every problem found in the configuration, reported together. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
  readonly problems: readonly string[];

  constructor(problems: readonly string[]) {
    super(`invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.problems = problems;
  }
}
