// The app's entry: who is signed in (else off to the login page), the language, then the signed-in shell, or
// only the second-factor set-up when the account must have one before anything else (an enrolment session,
// docs/access.md). A session that ends later shows a notice over the screen, not a redirect.

import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { type AuthState, LOGIN_PAGE, readSession } from '../auth/auth-session.ts';
import { createI18n } from '../i18n/i18n.ts';
import { type JmapClient, openJmapClient } from '../jmap/jmap-client.ts';
import { pickLocale } from '../locale.ts';
import { UpdateNotice } from '../pwa/UpdateNotice.tsx';
import { Shell } from './Shell.tsx';

const SecondFactorEnrolment = lazy(() =>
  import('../settings/security/SecondFactorEnrolment.tsx').then((module) => ({
    default: module.SecondFactorEnrolment,
  })),
);

type Loaded =
  | { readonly stage: 'loading' }
  | { readonly stage: 'failed'; readonly reason: string }
  /** The server did not answer (the app itself opened from the service worker's copy): asked again. */
  | { readonly stage: 'offline' }
  | { readonly stage: 'enrolment'; readonly auth: Extract<AuthState, { status: 'enrolment' }> }
  | {
      readonly stage: 'ready';
      readonly auth: Extract<AuthState, { status: 'signedIn' }>;
      readonly client: JmapClient;
    };

export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ stage: 'loading' });
  const [attempt, setAttempt] = useState(0);
  useEffect(() => {
    let isCurrent = true;
    (async () => {
      const auth = await readSession(fetch.bind(window));
      if (auth.status === 'signedOut') {
        window.location.assign(LOGIN_PAGE);
        return;
      }
      if (auth.status === 'enrolment') {
        if (isCurrent) setLoaded({ stage: 'enrolment', auth });
        return;
      }
      const client = await openJmapClient({ fetch: fetch.bind(window), csrfToken: () => auth.csrfToken });
      if (isCurrent) setLoaded({ stage: 'ready', auth, client });
    })().catch((error: unknown) => {
      if (!isCurrent) return;
      // fetch rejects with a TypeError when no answer came at all.
      if (error instanceof TypeError) setLoaded({ stage: 'offline' });
      else setLoaded({ stage: 'failed', reason: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      isCurrent = false;
    };
  }, [attempt]);
  useEffect(() => {
    if (loaded.stage !== 'offline') return;
    const retry = () => setAttempt((value) => value + 1);
    const timer = window.setTimeout(retry, 5000);
    window.addEventListener('online', retry);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('online', retry);
    };
  }, [loaded]);

  /** The language the preferences chose, once the shell has read them. */
  const [chosenLocale, setChosenLocale] = useState<string | undefined>(undefined);
  const onLocale = useCallback((locale: string) => setChosenLocale(locale), []);
  const locale = pickLocale(
    chosenLocale ??
      (loaded.stage === 'ready' || loaded.stage === 'enrolment' ? loaded.auth.account.locale : undefined),
    navigator.languages,
  );
  const i18n = useMemo(() => createI18n(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('app.title');
  }, [locale, i18n]);

  return (
    <I18nextProvider i18n={i18n}>
      <UpdateNotice />
      {loaded.stage === 'ready' ? (
        <Shell
          client={loaded.client}
          account={loaded.auth.account}
          csrfToken={loaded.auth.csrfToken}
          onLocale={onLocale}
        />
      ) : loaded.stage === 'enrolment' ? (
        <Suspense fallback={<p className="app-message">{i18n.t('app.loading')}</p>}>
          <main className="enrolment-screen">
            <SecondFactorEnrolment
              csrfToken={loaded.auth.csrfToken}
              onEnrolled={() => {
                setLoaded({ stage: 'loading' });
                setAttempt((value) => value + 1);
              }}
            />
          </main>
        </Suspense>
      ) : loaded.stage === 'offline' ? (
        <p className="app-message" role="alert">
          {i18n.t('app.offline')}
        </p>
      ) : loaded.stage === 'failed' ? (
        <p className="app-message" role="alert">
          {i18n.t('app.failed', { reason: loaded.reason })}
        </p>
      ) : (
        <p className="app-message" aria-busy="true">
          {i18n.t('app.loading')}
        </p>
      )}
    </I18nextProvider>
  );
}
