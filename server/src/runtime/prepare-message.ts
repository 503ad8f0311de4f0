// The one exchange between the serve primary and its preparation child (prepare-main.ts): the primary sends
// what to prepare, the child answers with the demo logins or its failure. A failure crosses as data and is
// rebuilt into the same error class, so the CLI reports it (message, exit code) as it did when the primary
// prepared in-process.

import type { FailureCode } from '@vercors/contract';
import { ConfigError, DomainError, StoreError, type StoreFailureCode } from '#core/errors';
import type { ConfigSnapshot } from './config-snapshot.ts';
import type { DemoLogins } from './serve-report.ts';

/** Primary → child, once. */
export interface PrepareRequest {
  readonly kind: 'prepare';
  /** The configuration the primary accepted: the child builds its configuration from it, as workers do. */
  readonly snapshot: ConfigSnapshot;
  /** `serve --demo`: seed the demo académie the first time. */
  readonly isDemo: boolean;
  /** The child logs as the primary (pid and role), since the work is the primary's. */
  readonly primaryPid: number;
}

/** Child → primary, once. `demo` is null when nothing was seeded (IPC carries JSON: no undefined). */
export type PrepareReply =
  | { readonly kind: 'prepared'; readonly demo: DemoLogins | null }
  | { readonly kind: 'failed'; readonly failure: PrepareFailure };

export type PrepareFailure =
  | { readonly type: 'config'; readonly problems: readonly string[] }
  | {
      readonly type: 'domain';
      readonly code: FailureCode;
      readonly message: string;
      readonly details: Readonly<Record<string, string | number>>;
    }
  | { readonly type: 'store'; readonly code: StoreFailureCode; readonly message: string }
  | { readonly type: 'other'; readonly name: string; readonly message: string; readonly stack?: string };

/** An error as data the IPC channel can carry. */
export function failureOf(error: unknown): PrepareFailure {
  if (error instanceof ConfigError) return { type: 'config', problems: error.problems };
  if (error instanceof DomainError)
    return { type: 'domain', code: error.code, message: error.message, details: error.details };
  if (error instanceof StoreError) return { type: 'store', code: error.code, message: error.message };
  if (error instanceof Error)
    return {
      type: 'other',
      name: error.name,
      message: error.message,
      ...(error.stack !== undefined && { stack: error.stack }),
    };
  return { type: 'other', name: 'Error', message: String(error) };
}

/** The error a failure stands for; an unexpected one keeps the child's stack, which says where it happened. */
export function errorOf(failure: PrepareFailure): Error {
  switch (failure.type) {
    case 'config':
      return new ConfigError(failure.problems);
    case 'domain':
      return new DomainError(failure.code, failure.message, { details: { ...failure.details } });
    case 'store':
      return new StoreError(failure.code, failure.message);
    case 'other': {
      const error = new Error(failure.message);
      error.name = failure.name;
      if (failure.stack !== undefined) error.stack = failure.stack;
      return error;
    }
  }
}

export function isPrepareRequest(message: unknown): message is PrepareRequest {
  return (
    typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind === 'prepare'
  );
}

export function isPrepareReply(message: unknown): message is PrepareReply {
  const kind = typeof message === 'object' && message !== null && (message as { kind?: unknown }).kind;
  return kind === 'prepared' || kind === 'failed';
}
