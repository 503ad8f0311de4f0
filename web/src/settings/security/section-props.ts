// What the Security screen gives each of its sections: the identity endpoints, the password prompt for
// sensitive changes, where to report an ended session or a silent server, and dates in the account's zone.

import type { AuthApi } from './auth-api.ts';
import type { Reauthenticated } from './auth-failure.ts';
import type { DateTimeText } from './security-dates.ts';

export interface SectionProps {
  readonly api: AuthApi;
  readonly reauthenticated: Reauthenticated;
  readonly onError: (error: unknown) => void;
  readonly when: DateTimeText;
}
