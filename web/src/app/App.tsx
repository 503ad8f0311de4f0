// The app's shell: who is signed in (else off to the login page), the language, the JMAP client, then the
// mail screen. A session that ends later shows a notice over the screen (SignedOutNotice), not a redirect.

import { useEffect, useMemo, useState } from 'react';
import { I18nextProvider } from 'react-i18next';
import { type AuthState, LOGIN_PAGE, readSession } from '../auth/auth-session.ts';
import { createI18n } from '../i18n/i18n.ts';
import { type JmapClient, openJmapClient } from '../jmap/jmap-client.ts';
import { pickLocale } from '../locale.ts';
import { MailScreen } from '../mail/MailScreen.tsx';

type Loaded =
  | { readonly stage: 'loading' }
  | { readonly stage: 'failed'; readonly reason: string }
  | {
      readonly stage: 'ready';
      readonly auth: Extract<AuthState, { status: 'signedIn' }>;
      readonly client: JmapClient;
    };

export function App() {
  const [loaded, setLoaded] = useState<Loaded>({ stage: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    (async () => {
      const auth = await readSession(fetch.bind(window));
      if (auth.status === 'signedOut') {
        window.location.assign(LOGIN_PAGE);
        return;
      }
      const client = await openJmapClient({ fetch: fetch.bind(window), csrfToken: () => auth.csrfToken });
      if (isCurrent) setLoaded({ stage: 'ready', auth, client });
    })().catch((error: unknown) => {
      if (isCurrent)
        setLoaded({ stage: 'failed', reason: error instanceof Error ? error.message : String(error) });
    });
    return () => {
      isCurrent = false;
    };
  }, []);

  const locale = pickLocale(
    loaded.stage === 'ready' ? loaded.auth.account.locale : undefined,
    navigator.languages,
  );
  const i18n = useMemo(() => createI18n(locale), [locale]);
  useEffect(() => {
    document.documentElement.lang = locale;
    document.title = i18n.t('app.title');
  }, [locale, i18n]);

  return (
    <I18nextProvider i18n={i18n}>
      {loaded.stage === 'ready' ? (
        <MailScreen client={loaded.client} account={loaded.auth.account} csrfToken={loaded.auth.csrfToken} />
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
