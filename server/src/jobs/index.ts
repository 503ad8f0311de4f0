// Public surface of jobs/: the scheduler, one factory per clock-driven maintenance job, and their settings.
// main.ts composes the jobs on a node's services; the runtime starts them in one process per node.

export {
  CATCH_UP_DELAY_MS,
  createJobScheduler,
  FIRST_RUN_DELAY_MS,
  MAX_FIRST_RUN_JITTER_MS,
  type Job,
  type JobOutcome,
  type JobReport,
  type JobScheduler,
  type JobSchedulerOptions,
  type JobTimers,
} from './job-scheduler.ts';
export { collectBlobGarbageJob, type BlobGarbageReport } from './collect-blob-garbage.ts';
export { pruneChangeLogJob, type ChangeLogPruneRequest } from './prune-change-log.ts';
export { pruneReceiptsJob } from './prune-receipts.ts';
export { pruneSubmissionsJob } from './prune-submissions.ts';
export { pruneHelpdeskRecordsJob } from './prune-helpdesk-records.ts';
export { importDirectoryJob } from './import-directory.ts';
export { pruneTombstonesJob } from './prune-tombstones.ts';
export { pruneCardTombstonesJob } from './prune-card-tombstones.ts';
export { expireUploadsJob } from './expire-uploads.ts';
export { MAX_SUSPENSIONS_PER_RUN, suspendInactiveAccountsJob } from './suspend-inactive-accounts.ts';
export { JOB_SETTINGS, type JobSettings } from './settings.ts';
