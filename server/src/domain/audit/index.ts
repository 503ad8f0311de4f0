// Public surface of the audit log: the event types, recording (in a caller's transaction or alone) and reading.

export {
  AUDIT_EVENT_TYPES,
  isAuditEventType,
  type AuditDetails,
  type AuditEvent,
  type AuditEventInput,
  type AuditEventType,
  type AuditParty,
} from './audit-event.ts';
export { createAuditBacklog, MAX_PENDING_EVENTS, type AuditBacklog } from './audit-backlog.ts';
export {
  createAuditLog,
  listAuditEvents,
  MAX_AUDIT_PAGE,
  recordAuditEvent,
  type AuditLog,
  type AuditQuery,
} from './audit-log.ts';
