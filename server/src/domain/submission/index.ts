// Public surface of submission: sending mail through JMAP (EmailSubmission) on top of the outbound queue.

export {
  type DeliveryStatus,
  type EmailSubmission,
  type NewEmailSubmission,
  SUBMISSION_LIMITS,
  SUBMISSION_TYPE,
  type SubmissionAddress,
  type SubmissionEnvelope,
  type SubmissionLimits,
  SubmissionRefused,
  type SubmissionRefusal,
  UNDO_STATUSES,
  type UndoStatus,
} from './submission.ts';
export type { SubmissionFilter, SubmissionSort } from './submission-operations.ts';
export { createSubmissionService, type SubmissionService } from './submission-service.ts';
export type { SubmissionDependencies } from './submission-context.ts';
export { withoutBcc } from './submission-message.ts';
export { MAX_REPORTS_PER_KIND } from './submission-reports.ts';
export { REPORT_LIMITS } from './report-reference.ts';
export {
  DESTROYED_SUBMISSION_RETENTION_MS,
  SUBMISSION_RETENTION_MS,
  type SubmissionPruneReport,
} from './submission-pruning.ts';
