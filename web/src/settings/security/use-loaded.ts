// What a Security section reads from the server before it can show anything (its list, the phone settings):
// loading, then what was read, or why it could not, in words. Reading again after a change keeps what is
// shown until the new answer comes; an answer that comes after the section moved on is dropped.

import { useEffect, useState } from 'react';

export type Loaded<T> =
  | { readonly state: 'loading' }
  | { readonly state: 'failed'; readonly message: string }
  | { readonly state: 'ready'; readonly value: T };

/**
 * `load` must be stable (useCallback): a new one reads again, and so does a new `version` (bumped after a
 * change). A failure `failureText` has no words for (the shell or the password prompt took it) changes nothing.
 */
export function useLoaded<T>(
  load: () => Promise<T>,
  failureText: (error: unknown) => string | undefined,
  version = 0,
): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    load().then(
      (value) => {
        if (isCurrent) setLoaded({ state: 'ready', value });
      },
      (error: unknown) => {
        const text = failureText(error);
        if (isCurrent && text !== undefined) setLoaded({ state: 'failed', message: text });
      },
    );
    return () => {
      isCurrent = false;
    };
  }, [load, failureText, version]);
  return loaded;
}
