// The signed-in app: the top bar with the screens (mail, contacts, settings), one notice for a signed-out
// session or a server that does not answer, the person's preferences, and one push stream for every screen.
// The mail screen stays mounted behind the others, so an open message or a message being written is still
// there on the way back.

import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGIN_PAGE, type SignedInAccount, signOut } from '../auth/auth-session.ts';
import { clearJournal } from '../compose/draft-journal.ts';
import { type JmapClient, SignedOutError } from '../jmap/jmap-client.ts';
import { MailScreen, type WriteRequest } from '../mail/MailScreen.tsx';
import { DEFAULT_PREFERENCES, type Preferences, PreferencesContext, readPreferences } from './preferences.ts';
import { changedAreas, PUSHED_TYPES, type PushArea } from './push-areas.ts';
import { parseRoute, type Route, routeHash } from './routes.ts';
import type { ScreenProps } from './screen-props.ts';

const ContactsScreen = lazy(() =>
  import('../contacts/ContactsScreen.tsx').then((module) => ({ default: module.ContactsScreen })),
);
const SettingsScreen = lazy(() =>
  import('../settings/SettingsScreen.tsx').then((module) => ({ default: module.SettingsScreen })),
);

/** What went wrong with the server lately, shown in a notice over the screen. */
type Trouble = 'none' | 'signedOut' | 'offline';

export interface ShellProps {
  readonly client: JmapClient;
  readonly account: SignedInAccount;
  readonly csrfToken: string;
  /** The language the shell shows, from the preferences once read. */
  readonly onLocale: (locale: string) => void;
}

function useRoute(): Route {
  const [route, setRoute] = useState(() => parseRoute(window.location.hash));
  useEffect(() => {
    const follow = () => setRoute(parseRoute(window.location.hash));
    window.addEventListener('hashchange', follow);
    return () => window.removeEventListener('hashchange', follow);
  }, []);
  return route;
}

export function Shell({ client, account: signedIn, csrfToken, onLocale }: ShellProps) {
  const { t } = useTranslation();
  const route = useRoute();
  const [trouble, setTrouble] = useState<Trouble>('none');
  const [versions, setVersions] = useState<Readonly<Record<PushArea, number>>>({
    mail: 0,
    preferences: 0,
    contacts: 0,
  });
  const [preferences, setPreferences] = useState<Preferences>(() => ({
    ...DEFAULT_PREFERENCES,
    locale: signedIn.locale === 'en' ? 'en' : 'fr',
    timeZone: signedIn.timeZone,
  }));
  const [writeRequest, setWriteRequest] = useState<WriteRequest | undefined>(undefined);

  const onError = useCallback((error: unknown) => {
    if (error instanceof SignedOutError) setTrouble('signedOut');
    else {
      setTrouble('offline');
      console.error(error);
    }
  }, []);
  const bump = useCallback((areas: Iterable<PushArea>) => {
    setVersions((current) => {
      const next = { ...current };
      for (const area of areas) next[area] += 1;
      return next;
    });
  }, []);

  useEffect(() => {
    let isCurrent = true;
    readPreferences(client)
      .then((read) => {
        if (!isCurrent) return;
        setPreferences(read);
        setTrouble((current) => (current === 'offline' ? 'none' : current));
      })
      .catch(onError);
    return () => {
      isCurrent = false;
    };
  }, [client, versions.preferences, onError]);
  useEffect(() => onLocale(preferences.locale), [preferences.locale, onLocale]);

  // One push stream for the app; the browser reconnects it by itself.
  useEffect(() => {
    const url = client.session.eventSourceUrl
      .replace('{types}', Object.keys(PUSHED_TYPES).join(','))
      .replace('{closeafter}', 'no')
      .replace('{ping}', '60');
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('state', (event) => bump(changedAreas(event.data as string)));
    return () => source.close();
  }, [client, bump]);

  // A server that did not answer is asked again a few seconds later.
  useEffect(() => {
    if (trouble !== 'offline') return;
    const timer = window.setTimeout(() => {
      setTrouble('none');
      bump(['mail', 'preferences', 'contacts']);
    }, 5000);
    return () => window.clearTimeout(timer);
  }, [trouble, bump]);

  // Screens see the language and time zone the person chose, as soon as they change.
  const account = useMemo<SignedInAccount>(
    () => ({ ...signedIn, locale: preferences.locale, timeZone: preferences.timeZone }),
    [signedIn, preferences.locale, preferences.timeZone],
  );
  const screenProps: ScreenProps = { client, account, csrfToken, onError };
  const preferencesState = useMemo(
    () => ({ preferences, refresh: () => bump(['preferences']) }),
    [preferences, bump],
  );
  const go = (next: Route) => {
    window.location.hash = routeHash(next);
  };
  const writeTo = (to: WriteRequest['to']) => {
    setWriteRequest({ id: crypto.randomUUID(), to });
    go({ screen: 'mail' });
  };

  return (
    <PreferencesContext.Provider value={preferencesState}>
      <div className="app-shell">
        <header className="top-bar">
          <h1 className="brand">Vercors</h1>
          <nav className="screens" aria-label={t('shell.screens')}>
            {(['mail', 'contacts', 'settings'] as const).map((screen) => (
              <a
                key={screen}
                href={routeHash(
                  screen === 'settings'
                    ? { screen, section: 'general' }
                    : screen === 'contacts'
                      ? { screen, path: '' }
                      : { screen },
                )}
                aria-current={route.screen === screen ? 'page' : undefined}
              >
                {t(`shell.${screen}`)}
              </a>
            ))}
          </nav>
          <span className="who">{account.displayName || account.email}</span>
          <button
            type="button"
            onClick={() => {
              // What a shared computer keeps of this person goes with them (drafts are in Drafts on the server).
              clearJournal(localStorage);
              void signOut(fetch.bind(window), csrfToken).finally(() => window.location.assign(LOGIN_PAGE));
            }}
          >
            {t('app.signOut')}
          </button>
        </header>
        {trouble !== 'none' && (
          <div className="notice" role="alert">
            {trouble === 'signedOut' ? (
              <>
                {t('app.signedOut')}{' '}
                <a href={LOGIN_PAGE} target="_blank" rel="noopener">
                  {t('app.signInAgain')}
                </a>
              </>
            ) : (
              t('app.offline')
            )}
          </div>
        )}
        <div className="screen" hidden={route.screen !== 'mail'}>
          <MailScreen
            {...screenProps}
            version={versions.mail}
            isShown={route.screen === 'mail'}
            writeRequest={writeRequest}
          />
        </div>
        {route.screen !== 'mail' && (
          <div className="screen">
            <Suspense fallback={<p className="app-message">{t('app.loading')}</p>}>
              {route.screen === 'contacts' ? (
                <ContactsScreen
                  {...screenProps}
                  version={versions.contacts}
                  onWrite={(recipient) => writeTo([recipient])}
                  onWriteAll={writeTo}
                />
              ) : (
                <SettingsScreen {...screenProps} section={route.section} />
              )}
            </Suspense>
          </div>
        )}
      </div>
    </PreferencesContext.Provider>
  );
}
