// The enrolment a login asks for (docs/access.md "Web login and the second factor"): the account must set a
// second check up before anything else, and the shell shows only this. An authenticator app (or a passkey)
// is set up; the server then answers with the signed-in session's new cookie and CSRF token, the first
// recovery codes are shown once, and onEnrolled hands over to the shell.

import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SignedOutError } from '../../jmap/jmap-client.ts';
import type { FactorSetup } from './auth-api.ts';
import type { Reauthenticated } from './auth-failure.ts';
import { type FactorKind, NewSecondFactor } from './NewSecondFactor.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';
import { dateTimeText } from './security-dates.ts';
import { useAuthApi } from './use-auth-api.ts';
import './security.css';

export interface SecondFactorEnrolmentProps {
  readonly csrfToken: string;
  readonly onEnrolled: () => void;
}

/** In an enrolment session the login's password counts as recent: nothing is asked again. */
const asIs: Reauthenticated = (action) => action();

type Trouble = 'none' | 'signedOut' | 'offline';

export function SecondFactorEnrolment({ csrfToken, onEnrolled }: SecondFactorEnrolmentProps) {
  const { t, i18n } = useTranslation();
  const [token, setToken] = useState(csrfToken);
  const api = useAuthApi(token, i18n.language);
  const [account, setAccount] = useState<{ email: string; timeZone: string } | undefined>(undefined);
  const [method, setMethod] = useState<FactorKind | undefined>(undefined);
  const [codes, setCodes] = useState<readonly string[] | undefined>(undefined);
  const [trouble, setTrouble] = useState<Trouble>('none');
  const when = useMemo(
    () => dateTimeText(i18n.language, account?.timeZone ?? 'Europe/Paris'),
    [i18n.language, account?.timeZone],
  );
  const onError = useCallback((error: unknown) => {
    setTrouble(error instanceof SignedOutError ? 'signedOut' : 'offline');
  }, []);

  // Who is enrolling: the address for the recovery codes' file, the zone for the times shown.
  useEffect(() => {
    let isCurrent = true;
    api.session().then(
      (session) => {
        if (isCurrent) setAccount(session.account);
      },
      () => undefined,
    );
    return () => {
      isCurrent = false;
    };
    // Read once: the token changes only at the end, when the session is no longer an enrolment.
  }, []);

  const enrolled = (setup: FactorSetup) => {
    if (setup.csrfToken !== undefined) setToken(setup.csrfToken);
    if (setup.recoveryCodes !== null && setup.recoveryCodes.length > 0) setCodes(setup.recoveryCodes);
    else onEnrolled();
  };
  const signOut = async () => {
    await api.logout().catch(() => undefined);
    window.location.assign('/login');
  };

  return (
    <div className="security-screen security-enrolment">
      <h1>{t('securityEnrolment.title')}</h1>
      {trouble !== 'none' && (
        <p className="security-error" role="alert">
          {trouble === 'signedOut' ? t('securityEnrolment.signedOut') : t('securityEnrolment.offline')}{' '}
          {trouble === 'signedOut' && <a href="/login">{t('securityEnrolment.signInAgain')}</a>}
        </p>
      )}
      {codes !== undefined ? (
        <RecoveryCodesPanel codes={codes} accountEmail={account?.email} when={when} onDone={onEnrolled} />
      ) : (
        <>
          <p>{t('securityEnrolment.explain')}</p>
          <NewSecondFactor
            api={api}
            reauthenticated={asIs}
            onError={onError}
            when={when}
            onDone={enrolled}
            chosen={method}
            onChoose={setMethod}
            isRequired
          />
          <p>
            <button type="button" className="link-button" onClick={() => void signOut()}>
              {t('securityEnrolment.signOut')}
            </button>
          </p>
        </>
      )}
    </div>
  );
}
