// The submission service: sending a message through JMAP (EmailSubmission) and the records of what was sent,
// built once by main.ts; the queue runner is given its progress hook, delivery its report links.

import { pruneSubmissions, type SubmissionPruneReport } from './submission-pruning.ts';
import type { ReportLinks, SubmissionProgressHook } from '#domain/delivery';
import type { SubmissionDependencies } from './submission-context.ts';
import { createSubmission } from './submission-create.ts';
import {
  cancelSubmission,
  destroySubmission,
  getSubmissions,
  querySubmissions,
  recordProgress,
  type SubmissionFilter,
  type SubmissionSort,
} from './submission-operations.ts';
import { submissionReportLinks } from './submission-reports.ts';
import type { EmailSubmission, NewEmailSubmission } from './submission.ts';

export interface SubmissionService {
  /** Send `input.emailId`; SubmissionRefused names the rule that refused it. */
  createSubmission(accountId: string, input: NewEmailSubmission): Promise<EmailSubmission>;
  /** The account's live submissions among `ids` (all, bounded, when null). */
  getSubmissions(accountId: string, ids: readonly string[] | null): Promise<readonly EmailSubmission[]>;
  querySubmissions(
    accountId: string,
    filter: SubmissionFilter,
    sort: readonly SubmissionSort[],
  ): Promise<readonly string[]>;
  /** undoStatus → canceled; SubmissionRefused cannotUnsend once the message has left. */
  cancelSubmission(accountId: string, id: string): Promise<EmailSubmission>;
  destroySubmission(accountId: string, id: string): Promise<void>;
  /** Forget old submissions (the prune-submissions job). */
  pruneSubmissions(nowMs: number): Promise<SubmissionPruneReport>;
  /** For the queue runner (onSubmissionProgress). */
  readonly onProgress: SubmissionProgressHook;
  /** For delivery (inbound and local): reports and receipts linked to the submission they are about. */
  readonly reports: ReportLinks;
}

export function createSubmissionService(dependencies: SubmissionDependencies): SubmissionService {
  const context = dependencies;
  return {
    createSubmission: (accountId, input) => createSubmission(context, accountId, input),
    getSubmissions: (accountId, ids) => getSubmissions(context, accountId, ids),
    querySubmissions: (accountId, filter, sort) => querySubmissions(context, accountId, filter, sort),
    cancelSubmission: (accountId, id) => cancelSubmission(context, accountId, id),
    destroySubmission: (accountId, id) => destroySubmission(context, accountId, id),
    pruneSubmissions: (nowMs) => pruneSubmissions(context, nowMs),
    onProgress: (tx, progress) => recordProgress(context, tx, progress),
    reports: submissionReportLinks(context),
  };
}
