// The password prompt of sensitive changes (docs/access.md ★: setting up or removing a second factor, new
// recovery codes, a new app password): when the server answers `reauthenticate`, a modal dialog asks for the
// password, POST /auth/reauthenticate checks it, and the change is made again. Cancelling ends the change
// without a message.

import { type FormEvent, type ReactNode, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthApi } from './auth-api.ts';
import {
  type Reauthenticated,
  ReauthenticationCancelled,
  reauthenticating,
  useFailureText,
} from './auth-failure.ts';
import { PasswordField } from './LabelledField.tsx';
import { ErrorAlert } from './SecurityMessage.tsx';
import { SubmitActions } from './SubmitActions.tsx';
import { useSubmission } from './use-submission.ts';

interface Waiting {
  resolve(): void;
  reject(error: unknown): void;
}

export function useReauthentication(
  api: AuthApi,
  onError: (error: unknown) => void,
): { reauthenticated: Reauthenticated; prompt: ReactNode } {
  const [waiting, setWaiting] = useState<Waiting | undefined>(undefined);
  const reauthenticated = useMemo(
    () => reauthenticating(() => new Promise<void>((resolve, reject) => setWaiting({ resolve, reject }))),
    [],
  );
  const prompt =
    waiting === undefined ? null : (
      <PasswordPrompt
        api={api}
        onError={onError}
        onConfirmed={() => {
          setWaiting(undefined);
          waiting.resolve();
        }}
        onCancel={() => {
          setWaiting(undefined);
          waiting.reject(new ReauthenticationCancelled());
        }}
      />
    );
  return { reauthenticated, prompt };
}

interface PasswordPromptProps {
  readonly api: AuthApi;
  readonly onError: (error: unknown) => void;
  readonly onConfirmed: () => void;
  readonly onCancel: () => void;
}

function PasswordPrompt({ api, onError, onConfirmed, onCancel }: PasswordPromptProps) {
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const dialog = useRef<HTMLDialogElement>(null);
  const titleId = useId();
  const [password, setPassword] = useState('');
  const { isBusy, message, run } = useSubmission<string>();

  // Modal: the rest of the page is inert until the prompt closes; closed before it leaves the page so the
  // browser gives the focus back to where it was.
  useLayoutEffect(() => {
    const element = dialog.current;
    element?.showModal();
    return () => element?.close();
  }, []);

  const submit = (event: FormEvent) => {
    event.preventDefault();
    void run(
      async () => {
        await api.reauthenticate(password);
        onConfirmed();
      },
      (error) => {
        const text = failureText(error);
        if (text === undefined) onCancel();
        return text;
      },
    );
  };

  return (
    <dialog
      ref={dialog}
      className="security-dialog"
      aria-labelledby={titleId}
      onCancel={(event) => {
        event.preventDefault();
        onCancel();
      }}
    >
      <form onSubmit={submit}>
        <h2 id={titleId}>{t('securityReauth.title')}</h2>
        <p>{t('securityReauth.explain')}</p>
        <PasswordField
          label={t('securityReauth.password')}
          autoComplete="current-password"
          autoFocus
          value={password}
          onValue={setPassword}
        />
        <ErrorAlert text={message} />
        <SubmitActions label={t('securityReauth.confirm')} isBusy={isBusy} onCancel={onCancel} />
      </form>
    </dialog>
  );
}
