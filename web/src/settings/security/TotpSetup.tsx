// Setting up an authenticator app (POST /auth/second-factors/totp, then …/confirm): the QR code of the
// otpauth address, the key in groups of four for typing by hand, and the first code the app shows to prove it
// holds the key, within the 10 minutes the server gives. Used from the Security screen and by the enrolment
// that a login asks for.

import { type FormEvent, useCallback, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AuthApi, FactorSetup, TotpEnrolment } from './auth-api.ts';
import { classifyFailure, type Reauthenticated, useFailureText } from './auth-failure.ts';
import { LabelledField } from './LabelledField.tsx';
import { QrCode } from './QrCode.tsx';
import { groupSecret } from './secret-groups.ts';
import type { DateTimeText } from './security-dates.ts';
import { ErrorAlert } from './SecurityMessage.tsx';
import { SubmitActions } from './SubmitActions.tsx';
import { useSubmission } from './use-submission.ts';

/** The server's bound on a second factor's name (SECOND_FACTOR_LIMITS.maxLabelLength). */
export const MAX_FACTOR_LABEL = 64;

export interface FactorSetupProps {
  readonly api: AuthApi;
  readonly reauthenticated: Reauthenticated;
  readonly onError: (error: unknown) => void;
  readonly when: DateTimeText;
  readonly onDone: (setup: FactorSetup) => void;
  readonly onCancel: () => void;
}

type Stage =
  | { readonly step: 'starting' }
  | { readonly step: 'ready'; readonly enrolment: TotpEnrolment }
  | { readonly step: 'expired' }
  | { readonly step: 'failed'; readonly message: string };

export function TotpSetup({ api, reauthenticated, onError, when, onDone, onCancel }: FactorSetupProps) {
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const titleId = useId();
  const codeField = useRef<HTMLInputElement>(null);
  const [stage, setStage] = useState<Stage>({ step: 'starting' });
  const [code, setCode] = useState('');
  const [label, setLabel] = useState(() => t('securityTotp.defaultLabel'));
  const { isBusy, message, setMessage, run } = useSubmission<string>();

  const start = useCallback(async () => {
    setStage({ step: 'starting' });
    setMessage(undefined);
    setCode('');
    try {
      setStage({ step: 'ready', enrolment: await reauthenticated(() => api.startTotp()) });
    } catch (error) {
      const text = failureText(error);
      if (text === undefined) onCancel();
      else setStage({ step: 'failed', message: text });
    }
  }, [api, reauthenticated, failureText, onCancel]);
  // Once, on opening: each start makes a new key on the server, so a new render must not start again.
  useEffect(() => {
    void start();
  }, []);

  const confirm = (event: FormEvent) => {
    event.preventDefault();
    if (stage.step !== 'ready') return;
    const enrolmentId = stage.enrolment.enrolmentId;
    void run(
      async () => onDone(await reauthenticated(() => api.confirmTotp(enrolmentId, code, label.trim()))),
      (error) => {
        const failure = classifyFailure(error);
        // The enrolment is gone: its 10 minutes passed (or it was replaced by a newer one).
        if (failure.kind === 'refusal' && failure.code === 'notFound') {
          setStage({ step: 'expired' });
          return undefined;
        }
        codeField.current?.focus();
        return failureText(error);
      },
    );
  };

  return (
    <section className="security-setup" aria-labelledby={titleId} aria-busy={stage.step === 'starting'}>
      <h4 id={titleId}>{t('securityTotp.title')}</h4>
      {stage.step === 'starting' && <p>{t('securityCommon.loading')}</p>}
      {stage.step === 'failed' && <ErrorAlert text={stage.message} />}
      {stage.step === 'expired' && (
        <>
          <ErrorAlert text={t('securityTotp.expired')} />
          <button type="button" onClick={() => void start()}>
            {t('securityTotp.restart')}
          </button>
        </>
      )}
      {stage.step === 'ready' && (
        <form onSubmit={confirm}>
          <ol className="security-steps">
            <li>{t('securityTotp.install')}</li>
            <li>
              {t('securityTotp.scan')}
              <QrCode text={stage.enrolment.otpauthUri} label={t('securityTotp.qrLabel')} />
            </li>
            <li>
              {t('securityTotp.manual')}
              <p className="security-secret">
                <code>{groupSecret(stage.enrolment.secret)}</code>
              </p>
              <p className="security-hint">{t('securityTotp.manualHint')}</p>
            </li>
            <li>
              <LabelledField
                label={t('securityTotp.code')}
                ref={codeField}
                inputMode="numeric"
                autoComplete="one-time-code"
                required
                maxLength={12}
                value={code}
                onValue={setCode}
              />
              <LabelledField
                label={t('securityTotp.label')}
                required
                maxLength={MAX_FACTOR_LABEL}
                value={label}
                onValue={setLabel}
              />
              <p className="security-hint">
                {t('securityTotp.expires', { date: when(stage.enrolment.expiresAt) })}
              </p>
            </li>
          </ol>
          <ErrorAlert text={message} />
          <SubmitActions label={t('securityTotp.confirm')} isBusy={isBusy} onCancel={onCancel} />
        </form>
      )}
      {stage.step !== 'ready' && (
        <div className="security-actions">
          <button type="button" onClick={onCancel}>
            {t('securityCommon.cancel')}
          </button>
        </div>
      )}
    </section>
  );
}
