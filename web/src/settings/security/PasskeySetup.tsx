// Setting up a passkey (POST /auth/second-factors/passkey, navigator.credentials.create(), then …/confirm):
// the person names it ("this laptop", "my security key"), the browser asks them to touch or unlock the
// device, and the server checks the new credential. The browser's refusals are said in plain words.

import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFailureText } from './auth-failure.ts';
import { LabelledField } from './LabelledField.tsx';
import { creationOptionsFromJson, type NewCredential, registrationJsonOf } from './passkey-json.ts';
import { ErrorAlert } from './SecurityMessage.tsx';
import { SubmitActions } from './SubmitActions.tsx';
import { type FactorSetupProps, MAX_FACTOR_LABEL } from './TotpSetup.tsx';
import { useSubmission } from './use-submission.ts';

/** Whether this browser can make passkeys at all (WebAuthn, on a secure page). */
export function isPasskeySupported(): boolean {
  return (
    typeof window !== 'undefined' &&
    window.isSecureContext &&
    typeof window.PublicKeyCredential === 'function' &&
    typeof navigator.credentials?.create === 'function'
  );
}

/** The catalogue key for a DOMException from navigator.credentials.create(). */
function browserRefusalKey(error: unknown): string | undefined {
  if (!(error instanceof DOMException)) return undefined;
  switch (error.name) {
    case 'NotAllowedError':
    case 'AbortError':
      return 'securityPasskey.notAllowed';
    case 'InvalidStateError':
      return 'securityPasskey.alreadyRegistered';
    case 'NotSupportedError':
      return 'securityPasskey.notSupported';
    case 'SecurityError':
      return 'securityPasskey.insecure';
    default:
      return 'securityPasskey.failed';
  }
}

export function PasskeySetup({ api, reauthenticated, onError, onDone, onCancel }: FactorSetupProps) {
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const titleId = useId();
  const [label, setLabel] = useState(() => t('securityPasskey.defaultLabel'));
  const { isBusy, message, setMessage, run } = useSubmission<string>();

  const create = (event: FormEvent) => {
    event.preventDefault();
    void run(
      async () => {
        const options = await reauthenticated(() => api.startPasskey());
        const parse =
          typeof PublicKeyCredential.parseCreationOptionsFromJSON === 'function'
            ? PublicKeyCredential.parseCreationOptionsFromJSON.bind(PublicKeyCredential)
            : undefined;
        const credential = await navigator.credentials.create({
          publicKey: creationOptionsFromJson(options, parse),
        });
        if (credential === null) {
          setMessage(t('securityPasskey.notAllowed'));
          return;
        }
        const response = registrationJsonOf(credential as unknown as NewCredential);
        onDone(await reauthenticated(() => api.confirmPasskey(response, label.trim())));
      },
      (error) => {
        const key = browserRefusalKey(error);
        return key === undefined ? failureText(error) : t(key);
      },
    );
  };

  return (
    <section className="security-setup" aria-labelledby={titleId}>
      <h4 id={titleId}>{t('securityPasskey.title')}</h4>
      <p>{t('securityPasskey.explain')}</p>
      <form onSubmit={create}>
        <LabelledField
          label={t('securityPasskey.label')}
          required
          maxLength={MAX_FACTOR_LABEL}
          value={label}
          onValue={setLabel}
        />
        <ErrorAlert text={message} />
        <SubmitActions label={t('securityPasskey.create')} isBusy={isBusy} onCancel={onCancel} />
      </form>
    </section>
  );
}
