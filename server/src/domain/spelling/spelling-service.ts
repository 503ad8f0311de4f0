// The process's French spell checker: one worker thread (spell-worker.ts) shared by every account, started at
// the first check (or at start with `spelling.preload`) and stopped after `spelling.idle-unload` unused. While
// the dictionary loads (about 5 s) a check answers `loading` at once and the client asks again. Bounds: the
// text's length (SPELLING_LIMITS), the checks waiting (`spelling.max-waiting`, beyond: refused, retryable),
// and each check's time (`spelling.timeout`: suggestions stop at the deadline; a thread still silent well
// after it is stuck, and is stopped and loaded again).

import { Worker } from 'node:worker_threads';
import { DomainError } from '#core/errors';
import type { Logger } from '#core/log';
import type { SettingsValues } from '#core/config';
import type { Misspelling } from './french-speller.ts';
import type { SPELLING_SETTINGS } from './settings.ts';
import type { CheckRequest, WorkerMessage } from './spell-worker-messages.ts';
import { SPELLING_LIMITS } from './spelling-limits.ts';

export type SpellCheckOutcome =
  /** The dictionary is loading: nothing was checked, ask again in a moment. */
  | { readonly isLoading: true }
  | {
      readonly isLoading: false;
      readonly misspelled: readonly Misspelling[];
      /** false: some words have no suggestions for lack of time, or too many were wrong to list. */
      readonly isComplete: boolean;
    };

export interface SpellingService {
  /** false when `spelling.enabled` is off: checks are refused and clients keep their browser's spelling. */
  readonly isEnabled: boolean;
  /**
   * The misspelled words of `text` (French), or `loading` while the dictionary loads (the first check starts
   * it). Refused: turned off (forbidden), too long (tooBig), too many checks waiting (temporary), the time
   * bound passed while waiting (temporary), the dictionary failed to load lately (unavailable).
   */
  check(text: string): Promise<SpellCheckOutcome>;
  /** Load the dictionary now (`spelling.preload`, tests); settles when it is ready or has failed. */
  load(): Promise<void>;
  close(): Promise<void>;
}

export interface SpellingDependencies {
  readonly settings: SettingsValues<typeof SPELLING_SETTINGS>;
  readonly log: Logger;
  /** The thread's code and its workerData; tests substitute a stand-in that loads or fails on demand. */
  readonly workerUrl?: URL;
  readonly workerData?: unknown;
  /** How long past a check's deadline a silent thread is declared stuck (tests shorten it). */
  readonly stuckGraceMs?: number;
}

/**
 * A check's deadline bounds the work between two words; one word's suggestions can take up to a second or
 * two on a cold thread. A thread silent this long after a deadline is not merely slow.
 */
const STUCK_GRACE_MS = 5_000;
/** After a failed load, checks are refused this long before the next attempt (not one load per keystroke). */
const RETRY_LOAD_AFTER_MS = 60_000;
/**
 * The worker's heap ceiling: the dictionary takes 310–410 MB with what suggesting adds; a runaway ends the
 * thread (and its checks), never the process.
 */
const WORKER_HEAP_MB = 1_024;

type State =
  | { readonly kind: 'idle' }
  | { readonly kind: 'loading'; readonly thread: Worker; readonly ready: Promise<void> }
  | { readonly kind: 'ready'; readonly thread: Worker }
  | { readonly kind: 'failed'; readonly retryAt: number }
  | { readonly kind: 'closed' };

interface Pending {
  resolve(outcome: SpellCheckOutcome): void;
  reject(error: Error): void;
  readonly timer: NodeJS.Timeout;
}

export function createSpellingService(dependencies: SpellingDependencies): SpellingService {
  const { settings, log } = dependencies;
  const workerUrl = dependencies.workerUrl ?? new URL('./spell-worker.ts', import.meta.url);
  const stuckGraceMs = dependencies.stuckGraceMs ?? STUCK_GRACE_MS;
  let state: State = { kind: 'idle' };
  const pending = new Map<number, Pending>();
  let nextId = 1;
  let idleTimer: NodeJS.Timeout | undefined;

  function startLoad(): Promise<void> {
    const thread = new Worker(workerUrl, {
      workerData: dependencies.workerData,
      resourceLimits: { maxOldGenerationSizeMb: WORKER_HEAP_MB },
    });
    let settle: { resolve(): void; reject(error: Error): void } | undefined;
    const ready = new Promise<void>((resolve, reject) => {
      settle = { resolve, reject };
    });
    // Whoever asked for the load may not be waiting for it.
    ready.catch(() => undefined);
    const failLoad = (message: string) => {
      log.error({ message }, 'the French dictionary failed to load');
      state = { kind: 'failed', retryAt: Date.now() + RETRY_LOAD_AFTER_MS };
      settle?.reject(unavailable());
    };

    thread.on('message', (message: WorkerMessage) => {
      if (state.kind === 'closed' || !isCurrent(thread)) return;
      switch (message.type) {
        case 'ready':
          log.info(
            { loadMs: Math.round(message.loadMs), heapMb: Math.round(message.heapUsedBytes / 2 ** 20) },
            'spell checker loaded',
          );
          state = { kind: 'ready', thread };
          holdWhileBusy();
          armIdleUnload();
          settle?.resolve();
          return;
        case 'failed':
          failLoad(message.message);
          return;
        case 'checked':
          take(message.id)?.resolve({
            isLoading: false,
            misspelled: message.misspelled,
            isComplete: message.isComplete,
          });
          return;
        case 'expired':
          take(message.id)?.reject(tooSlow());
          return;
        case 'error':
          log.error({ message: message.message }, 'a spell check failed');
          take(message.id)?.reject(new Error(`spell check failed: ${message.message}`));
          return;
      }
    });
    thread.on('error', (error) => log.error({ err: error }, 'the spell-checking thread failed'));
    thread.on('exit', (code) => {
      if (!isCurrent(thread)) return;
      // Ended on its own: a crash, its heap ceiling, or a failed load already reported.
      if (state.kind === 'loading') failLoad(`the thread ended (exit code ${code}) while loading`);
      else if (state.kind === 'ready') {
        log.warn({ code }, 'the spell-checking thread ended; the next check loads it again');
        state = { kind: 'idle' };
      }
      rejectAll(temporary('The spell checker restarted; try again in a moment.'));
    });
    state = { kind: 'loading', thread, ready };
    holdWhileBusy();
    return ready;
  }

  function isCurrent(thread: Worker): boolean {
    return (state.kind === 'loading' || state.kind === 'ready') && state.thread === thread;
  }

  function take(id: number): Pending | undefined {
    const found = pending.get(id);
    if (found === undefined) return undefined;
    pending.delete(id);
    clearTimeout(found.timer);
    holdWhileBusy();
    return found;
  }

  /**
   * The thread keeps the process alive only while it works for someone (a load, checks in flight): an idle
   * dictionary never holds up a server closing or a command ending. Called after the 'message' listener is
   * added, which refs the thread again.
   */
  function holdWhileBusy() {
    if (state.kind === 'loading') state.thread.ref();
    else if (state.kind === 'ready' && pending.size > 0) state.thread.ref();
    else if (state.kind === 'ready') state.thread.unref();
  }

  function rejectAll(error: Error) {
    for (const id of [...pending.keys()]) take(id)?.reject(error);
  }

  /** Stop the thread (unused, stuck or closing); the next check loads it again unless closed. */
  function stopThread(next: State) {
    const running = state.kind === 'loading' || state.kind === 'ready' ? state.thread : undefined;
    state = next;
    clearTimeout(idleTimer);
    void running?.terminate();
  }

  function armIdleUnload() {
    clearTimeout(idleTimer);
    idleTimer = setTimeout(() => {
      if (state.kind !== 'ready') return;
      if (pending.size > 0) return armIdleUnload();
      log.info('spell checker unloaded after being unused');
      stopThread({ kind: 'idle' });
    }, settings.idleUnload);
    idleTimer.unref();
  }

  function send(thread: Worker, text: string): Promise<SpellCheckOutcome> {
    const id = nextId++;
    const deadline = Date.now() + settings.timeout;
    return new Promise<SpellCheckOutcome>((resolve, reject) => {
      const timer = setTimeout(() => {
        log.warn({ timeoutMs: settings.timeout }, 'the spell-checking thread is stuck; stopping it');
        stopThread({ kind: 'idle' });
        rejectAll(tooSlow());
      }, settings.timeout + stuckGraceMs);
      timer.unref();
      pending.set(id, { resolve, reject, timer });
      holdWhileBusy();
      const request: CheckRequest = { id, text, deadline };
      thread.postMessage(request);
    });
  }

  return {
    isEnabled: settings.enabled,
    async check(text) {
      if (!settings.enabled)
        throw new DomainError('forbidden', 'Spell checking is turned off on this server (spelling.enabled).');
      if (text.length > SPELLING_LIMITS.maxTextLength)
        throw new DomainError(
          'tooBig',
          `A check is limited to ${SPELLING_LIMITS.maxTextLength} characters (UTF-16 code units).`,
        );
      switch (state.kind) {
        case 'closed':
          throw unavailable();
        case 'failed':
          if (Date.now() < state.retryAt) throw unavailable();
          void startLoad();
          return { isLoading: true };
        case 'idle':
          void startLoad();
          return { isLoading: true };
        case 'loading':
          return { isLoading: true };
        case 'ready':
          if (pending.size >= settings.maxWaiting)
            throw temporary(
              `The spell checker is busy (${pending.size} checks waiting); try again in a moment.`,
            );
          armIdleUnload();
          return send(state.thread, text);
      }
    },
    load() {
      switch (state.kind) {
        case 'ready':
          return Promise.resolve();
        case 'loading':
          return state.ready;
        case 'closed':
          return Promise.reject(unavailable());
        default:
          if (!settings.enabled)
            return Promise.reject(new DomainError('forbidden', 'Spell checking is off.'));
          return startLoad();
      }
    },
    close() {
      stopThread({ kind: 'closed' });
      rejectAll(unavailable());
      return Promise.resolve();
    },
  };
}

function temporary(message: string): DomainError {
  return new DomainError('temporary', message);
}

function tooSlow(): DomainError {
  return temporary('The spell check took too long; try again in a moment.');
}

function unavailable(): DomainError {
  return new DomainError('unavailable', 'The French dictionary could not be loaded; try again later.');
}
