// Test assertion shared by the domain fixtures: an operation is refused with a given DomainError.

import { DomainError } from '#core/errors';

/** Asserts that `promise` fails with a DomainError of `code` (and `reason`, when given); returns its details. */
export async function refusedWith(
  promise: Promise<unknown>,
  code: string,
  reason?: string,
): Promise<Readonly<Record<string, string | number>>> {
  try {
    await promise;
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    if (error.code !== code || (reason !== undefined && error.details.reason !== reason)) {
      throw new Error(
        `expected ${code}/${reason ?? '*'}, got ${error.code}/${String(error.details.reason)}`,
        {
          cause: error,
        },
      );
    }
    return error.details;
  }
  throw new Error(`expected a ${code} refusal, but the operation succeeded`);
}
