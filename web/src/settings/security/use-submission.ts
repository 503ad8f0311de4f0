// The request a Security form sends: the submit button waits while it runs, the last message goes as it
// starts, and a failure becomes the message in words (none when the shell or the password prompt took it).

import { useState } from 'react';

export interface Submission<M> {
  readonly isBusy: boolean;
  readonly message: M | undefined;
  readonly setMessage: (message: M | undefined) => void;
  /** Run `work`; when it fails, show what `failed` makes of the error (nothing when that is undefined). */
  readonly run: (work: () => Promise<void>, failed: (error: unknown) => M | undefined) => Promise<void>;
}

export function useSubmission<M>(): Submission<M> {
  const [isBusy, setIsBusy] = useState(false);
  const [message, setMessage] = useState<M | undefined>(undefined);
  const run = async (work: () => Promise<void>, failed: (error: unknown) => M | undefined) => {
    setIsBusy(true);
    setMessage(undefined);
    try {
      await work();
    } catch (error) {
      const shown = failed(error);
      if (shown !== undefined) setMessage(shown);
    } finally {
      setIsBusy(false);
    }
  };
  return { isBusy, message, setMessage, run };
}
