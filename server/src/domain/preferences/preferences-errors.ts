// The refusals of the preferences module: values that cannot be stored (naming every bad property, so the
// settings screen marks each field), and an account the caller may not reach, in the same words as one that
// does not exist.

import { DomainError } from '#core/errors';
import type { PreferencesProperty } from './preferences.ts';

export interface PreferenceProblem {
  readonly property: PreferencesProperty;
  /** A word for the client and the log: notALocale, outOfRange, invalidEntry… */
  readonly reason: string;
}

/** `details.property` is the first bad property, `details.properties` all of them, comma-separated. */
export function invalidPreferences(
  problems: readonly [PreferenceProblem, ...PreferenceProblem[]],
): DomainError {
  const properties = problems.map((problem) => problem.property).join(',');
  const described = problems.map((problem) => `${problem.property} (${problem.reason})`).join(', ');
  return new DomainError('invalid', `invalid preferences: ${described}`, {
    details: {
      subject: 'preferences',
      name: properties,
      reason: problems[0].reason,
      property: problems[0].property,
      properties,
    },
  });
}

export function preferencesNotFound(accountId: string): DomainError {
  return new DomainError('notFound', `no preferences for account ${accountId.slice(0, 64)}`, {
    details: { subject: 'preferences', name: accountId.slice(0, 64) },
  });
}
