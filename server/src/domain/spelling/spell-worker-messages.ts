// What the spelling service and its worker thread (spell-worker.ts) say to each other. Kept apart so the
// service imports the shapes without loading the worker's code.

import type { Misspelling } from './french-speller.ts';

/** Service → worker: one check; `deadline` is on Date.now()'s clock, which both threads share. */
export interface CheckRequest {
  readonly id: number;
  readonly text: string;
  readonly deadline: number;
}

/** Worker → service. */
export type WorkerMessage =
  /** The dictionary is loaded: what it cost, for the log and the docs. */
  | { readonly type: 'ready'; readonly loadMs: number; readonly heapUsedBytes: number }
  /** The dictionary could not be loaded; the thread ends. */
  | { readonly type: 'failed'; readonly message: string }
  | {
      readonly type: 'checked';
      readonly id: number;
      readonly misspelled: readonly Misspelling[];
      readonly isComplete: boolean;
      readonly checkMs: number;
    }
  /** The request waited past its deadline before the worker reached it: not checked. */
  | { readonly type: 'expired'; readonly id: number }
  /** Checking this text threw (a bug): the service reports it, the worker carries on. */
  | { readonly type: 'error'; readonly id: number; readonly message: string };
