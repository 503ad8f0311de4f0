// What a failed call on the security screens means for the person: a refusal is shown where it happened, in
// the server's words; an ended session or a silent server goes to the shell's one notice (onError); a password
// prompt that was cancelled says nothing; anything else is shown as an unexpected error with its reason.

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { JmapRequestError, SignedOutError } from '../../jmap/jmap-client.ts';
import { AuthRefusal } from './auth-api.ts';

/** The person closed the password prompt a sensitive change asked for. */
export class ReauthenticationCancelled extends Error {
  constructor() {
    super('reauthentication cancelled');
    this.name = 'ReauthenticationCancelled';
  }
}

/** Run a sensitive change, asking for the password first when the server wants it typed again (★ endpoints). */
export type Reauthenticated = <T>(action: () => Promise<T>) => Promise<T>;

/**
 * Run `action`; when the server refuses it for want of a recent password, `ask` for it (resolves once the
 * password was checked, rejects with ReauthenticationCancelled) and run it once more.
 */
export function reauthenticating(ask: () => Promise<void>): Reauthenticated {
  return async <T>(action: () => Promise<T>): Promise<T> => {
    try {
      return await action();
    } catch (error) {
      if (!(error instanceof AuthRefusal && error.code === 'reauthenticate')) throw error;
      await ask();
      return action();
    }
  };
}

export type Failure =
  | { readonly kind: 'refusal'; readonly code: string; readonly message: string }
  | { readonly kind: 'cancelled' }
  | { readonly kind: 'shell' }
  | { readonly kind: 'unexpected'; readonly reason: string };

export function classifyFailure(error: unknown): Failure {
  if (error instanceof AuthRefusal) return { kind: 'refusal', code: error.code, message: error.message };
  if (error instanceof ReauthenticationCancelled) return { kind: 'cancelled' };
  if (error instanceof SignedOutError || error instanceof JmapRequestError) return { kind: 'shell' };
  return { kind: 'unexpected', reason: error instanceof Error ? error.message : String(error) };
}

/** The words to show for `error` on the screen, or undefined when there is nothing to show there. */
export function useFailureText(onError: (error: unknown) => void): (error: unknown) => string | undefined {
  const { t } = useTranslation();
  return useCallback(
    (error: unknown) => {
      const failure = classifyFailure(error);
      switch (failure.kind) {
        case 'refusal':
          return failure.message;
        case 'cancelled':
          return undefined;
        case 'shell':
          onError(error);
          return undefined;
        case 'unexpected':
          return t('securityCommon.failed', { reason: failure.reason });
      }
    },
    [onError, t],
  );
}
