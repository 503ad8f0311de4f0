// The relational store's conformance suite, written once and run against every backend (Hono's
// common.case.test.ts, James's *Contract): each case gets a fresh empty database and a behaviour sentence.

import { describe, test } from 'node:test';
import type { Clock } from '#core/clock';
import type { Database, EventBus } from '../store.ts';
import { blobUploadCases } from './blob-uploads.case.ts';
import { blobsInDatabaseCases } from './blobs-in-database.case.ts';
import { changeLogCases } from './change-log.case.ts';
import { concurrencyCases } from './concurrency.case.ts';
import { preparedQueryCases } from './prepared-query.case.ts';
import { processCases } from './processes.case.ts';
import { schemaCases } from './schema.case.ts';
import { searchMatchingCases } from './search-matching.case.ts';
import { searchCases } from './search.case.ts';
import { submissionReportCases } from './submission-reports.case.ts';
import { preferencesCases } from './preferences.case.ts';

export interface OpenOptions {
  readonly bus?: EventBus;
  readonly clock?: Clock;
}

/** One empty database made for one case. */
export interface ConformanceDatabase {
  /** Open it (migrating on the first open), as many times as a case likes, like separate processes would. */
  open(options?: OpenOptions): Promise<Database>;
  /** argv for the child scripts: the backend name, then the file path or URL (see open-from-args.ts). */
  readonly childArgs: readonly string[];
  /** Remove it; every handle opened through `open` is closed by then. */
  drop(): Promise<void>;
}

export interface StoreConformanceOptions {
  /** The backend's name in test titles. */
  readonly name: string;
  /** Make a fresh, empty database (not yet migrated). */
  readonly createDatabase: () => Promise<ConformanceDatabase>;
  /** The cases to run; every case unless said otherwise. */
  readonly cases?: readonly ConformanceCase[];
  /** Cases a backend cannot pass, each with its reason; they are reported as skipped, never silently dropped. */
  readonly skip?: readonly { readonly reason: string; readonly tests: readonly string[] }[];
}

export interface CaseContext {
  /** Open the case's database; every handle is closed when the case ends. */
  open(options?: OpenOptions): Promise<Database>;
  readonly childArgs: readonly string[];
}

export interface ConformanceCase {
  /** A sentence about behaviour: the test's title. */
  readonly name: string;
  readonly timeoutMs?: number;
  run(context: CaseContext): Promise<void>;
}

const DEFAULT_CASE_TIMEOUT_MS = 30_000;

export const STORE_CONFORMANCE_CASES: readonly ConformanceCase[] = [
  ...schemaCases,
  ...changeLogCases,
  ...concurrencyCases,
  ...processCases,
  ...preparedQueryCases,
  ...searchCases,
  ...searchMatchingCases,
  ...blobUploadCases,
  ...blobsInDatabaseCases,
  ...submissionReportCases,
  ...preferencesCases,
];

export function runStoreConformance(options: StoreConformanceOptions): void {
  const skipped = new Map<string, string>();
  for (const { reason, tests } of options.skip ?? []) for (const name of tests) skipped.set(name, reason);

  describe(`${options.name} store conformance`, () => {
    for (const conformanceCase of options.cases ?? STORE_CONFORMANCE_CASES) {
      const timeout = conformanceCase.timeoutMs ?? DEFAULT_CASE_TIMEOUT_MS;
      test(conformanceCase.name, { timeout }, async (t) => {
        const reason = skipped.get(conformanceCase.name);
        if (reason !== undefined) {
          t.skip(reason);
          return;
        }
        const database = await options.createDatabase();
        const opened: Database[] = [];
        try {
          await conformanceCase.run({
            open: async (openOptions) => {
              const handle = await database.open(openOptions);
              opened.push(handle);
              return handle;
            },
            childArgs: database.childArgs,
          });
        } finally {
          for (const handle of opened) await handle.close();
          await database.drop();
        }
      });
    }
  });
}
