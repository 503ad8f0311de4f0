// What a settings screen shows first: loading, then what it read, or why it could not (with a retry). A
// signed-out session or an unreachable server is also reported to the shell (ScreenProps.onError), which
// says so over every screen.

import { useCallback, useEffect, useState } from 'react';
import { isConnectionProblem } from './save-outcome.ts';

export type Loaded<T> =
  | { readonly stage: 'loading' }
  | { readonly stage: 'failed'; readonly reason: string }
  | { readonly stage: 'ready'; readonly data: T };

export interface LoadState<T> {
  readonly loaded: Loaded<T>;
  /** Read again (the retry button, or after a change made elsewhere). */
  readonly reload: () => void;
  /** Change what was read after a save, without reading again. */
  readonly update: (change: (data: T) => T) => void;
}

/** `load` must be stable (useCallback): a new function reads again. */
export function useLoad<T>(load: () => Promise<T>, onError: (error: unknown) => void): LoadState<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ stage: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    load()
      .then((data) => {
        if (isCurrent) setLoaded({ stage: 'ready', data });
      })
      .catch((error: unknown) => {
        if (!isCurrent) return;
        if (isConnectionProblem(error)) onError(error);
        setLoaded({ stage: 'failed', reason: error instanceof Error ? error.message : String(error) });
      });
    return () => {
      isCurrent = false;
    };
  }, [load, attempt, onError]);
  const reload = useCallback(() => {
    setLoaded({ stage: 'loading' });
    setAttempt((value) => value + 1);
  }, []);
  const update = useCallback((change: (data: T) => T) => {
    setLoaded((current) =>
      current.stage === 'ready' ? { stage: 'ready', data: change(current.data) } : current,
    );
  }, []);
  return { loaded, reload, update };
}
