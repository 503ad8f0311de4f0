// Who asks for an access change and from where: recorded with the change in the audit log. A user acting on
// their own account is both actor and subject; an administrator or the helpdesk is the actor of a change to
// someone else's.

import type { AuditParty } from '#domain/audit';

export interface AccessOrigin {
  /** Absent for the system (a scheduled suspension, an import). */
  readonly actor?: AuditParty;
  readonly remoteAddress?: string;
}
