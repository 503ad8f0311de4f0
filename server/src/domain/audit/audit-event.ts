// The security events the audit log records (DESIGN.md §4: "all security events in an append-only audit
// log"). One list, so the CLI can validate a filter and the documentation names every type.

export const AUDIT_EVENT_TYPES = [
  // Web login and sessions.
  'login.succeeded',
  'login.failed',
  'login.locked',
  'login.secondFactorFailed',
  'session.ended',
  'session.revoked',
  // Protocol clients (IMAP, SMTP, JMAP, DAV): failures only, successes show as an app password's last use.
  'protocolLogin.failed',
  'protocolLogin.refused',
  // Credentials.
  'password.changed',
  'secondFactor.added',
  'secondFactor.removed',
  'recoveryCodes.generated',
  'recoveryCode.used',
  'appPassword.created',
  'appPassword.revoked',
  // Administration and helpdesk.
  'account.created',
  'account.updated',
  'account.suspended',
  'account.reactivated',
  'account.deleted',
  'role.granted',
  'role.revoked',
  'policy.changed',
  'helpdesk.identityChecked',
  'helpdesk.activationIssued',
  'helpdesk.activationUsed',
  'helpdesk.activationFailed',
  // The directory.
  'directory.imported',
  'directory.listingChanged',
] as const;

export type AuditEventType = (typeof AUDIT_EVENT_TYPES)[number];

export function isAuditEventType(value: string): value is AuditEventType {
  return (AUDIT_EVENT_TYPES as readonly string[]).includes(value);
}

/** An account as the event saw it: the id, and the address it had then (kept if the account goes). */
export interface AuditParty {
  readonly accountId: string;
  readonly email: string;
}

/** Facts of one event: short strings, numbers and booleans — never a secret, a code or a token. */
export type AuditDetails = Readonly<Record<string, string | number | boolean | null>>;

export interface AuditEventInput {
  readonly type: AuditEventType;
  /** Who did it; absent for the system or an unknown caller (a failed login names its subject instead). */
  readonly actor?: AuditParty;
  /** Whom it concerns (the account logged into, the account changed). */
  readonly subject?: AuditParty;
  /** The client's address, when a network request caused the event. */
  readonly remoteAddress?: string;
  readonly details?: AuditDetails;
}

export interface AuditEvent {
  /** Increasing: the order events were written in, and the cursor for paging. */
  readonly seq: number;
  /** Epoch ms. */
  readonly at: number;
  readonly type: string;
  readonly actor: AuditParty | null;
  readonly subject: AuditParty | null;
  readonly remoteAddress: string | null;
  readonly details: AuditDetails;
}
