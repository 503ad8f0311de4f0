// The mail screen: folders on the side, the selected folder's messages, the open message. Push (EventSource,
// RFC 8620 §7.3) bumps `version` on any change of mail, which refreshes the folders and the visible pages.

import type { JmapMailbox } from '@vercors/contract';
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGIN_PAGE, type SignedInAccount, signOut } from '../auth/auth-session.ts';
import { type JmapClient, SignedOutError } from '../jmap/jmap-client.ts';
import { MailboxList } from './MailboxList.tsx';
import { MessageList } from './MessageList.tsx';
import { folderQuery, type ListQuery } from './message-pages.ts';
import { Reader } from './Reader.tsx';
import { SearchBar } from './SearchBar.tsx';
import { searchFilter } from './search-filter.ts';

export interface MailScreenProps {
  readonly client: JmapClient;
  readonly account: SignedInAccount;
  readonly csrfToken: string;
}

/** What went wrong with the server lately, shown in a notice over the screen. */
type Trouble = 'none' | 'signedOut' | 'offline';

export function MailScreen({ client, account, csrfToken }: MailScreenProps) {
  const { t, i18n } = useTranslation();
  const [mailboxes, setMailboxes] = useState<readonly JmapMailbox[]>([]);
  const [mailboxId, setMailboxId] = useState<string | undefined>(undefined);
  const [emailId, setEmailId] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [trouble, setTrouble] = useState<Trouble>('none');
  /** The search shown instead of a folder, with a key that changes at each new search. */
  const [search, setSearch] = useState<ListQuery | undefined>(undefined);

  /** Every server call's failure goes here: signed out, or a server that does not answer (retried). */
  const onError = useCallback((error: unknown) => {
    if (error instanceof SignedOutError) setTrouble('signedOut');
    else {
      setTrouble('offline');
      console.error(error);
    }
  }, []);

  useEffect(() => {
    let isCurrent = true;
    client
      .call([['Mailbox/get', { accountId: client.accountId, ids: null }, 'm']])
      .then((results) => {
        if (!isCurrent) return;
        const list = (results.get('m') as { list: JmapMailbox[] }).list;
        setMailboxes(list);
        setTrouble((current) => (current === 'offline' ? 'none' : current));
        setMailboxId(
          (current) => current ?? list.find((mailbox) => mailbox.role === 'inbox')?.id ?? list[0]?.id,
        );
      })
      .catch(onError);
    return () => {
      isCurrent = false;
    };
  }, [client, version, onError]);

  // Push: any change of mail refreshes what is shown; the browser reconnects the stream by itself.
  useEffect(() => {
    const url = client.session.eventSourceUrl
      .replace('{types}', 'Mailbox,Email')
      .replace('{closeafter}', 'no')
      .replace('{ping}', '60');
    const source = new EventSource(url, { withCredentials: true });
    source.addEventListener('state', () => setVersion((value) => value + 1));
    return () => source.close();
  }, [client]);

  // A server that did not answer is asked again a few seconds later.
  useEffect(() => {
    if (trouble !== 'offline') return;
    const timer = window.setTimeout(() => setVersion((value) => value + 1), 5000);
    return () => window.clearTimeout(timer);
  }, [trouble, version]);

  const mailbox = mailboxes.find((candidate) => candidate.id === mailboxId);
  const chooseMailbox = (id: string) => {
    setMailboxId(id);
    setEmailId(undefined);
    setSearch(undefined);
  };
  const folder = useMemo(() => (mailboxId === undefined ? undefined : folderQuery(mailboxId)), [mailboxId]);
  const query = search ?? (mailbox === undefined ? undefined : folder);

  return (
    <div className="mail-screen">
      <a className="skip-link" href="#message-list">
        {t('app.skipToList')}
      </a>
      <header className="top-bar">
        <h1 className="brand">Vercors</h1>
        <span className="who">{account.displayName || account.email}</span>
        <button
          type="button"
          onClick={() => {
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
      <SearchBar
        mailboxes={mailboxes}
        isActive={search !== undefined}
        onSearch={(fields) => {
          const filter = searchFilter(fields, account.timeZone);
          if (filter === undefined) return;
          setEmailId(undefined);
          setSearch((previous) => ({
            key: `search:${(Number(previous?.key.split(':')[1]) || 0) + 1}`,
            filter,
            collapseThreads: false,
            isSearch: true,
          }));
        }}
        onClear={() => {
          setSearch(undefined);
          setEmailId(undefined);
        }}
      />
      <nav className="folders" aria-label={t('folders.title')}>
        <MailboxList
          mailboxes={mailboxes}
          selectedId={search === undefined ? mailboxId : undefined}
          locale={i18n.language}
          onSelect={chooseMailbox}
        />
      </nav>
      <main className="list-pane" id="message-list">
        {query !== undefined && (
          <MessageList
            key={query.key}
            client={client}
            query={query}
            mailbox={search === undefined ? mailbox : undefined}
            mailboxes={mailboxes}
            version={version}
            selectedId={emailId}
            timeZone={account.timeZone}
            onOpen={setEmailId}
            onChanged={() => setVersion((value) => value + 1)}
            onError={onError}
          />
        )}
      </main>
      <section className="reader-pane" aria-live="polite">
        <Reader
          key={emailId ?? 'none'}
          client={client}
          emailId={emailId}
          timeZone={account.timeZone}
          onError={onError}
        />
      </section>
    </div>
  );
}
