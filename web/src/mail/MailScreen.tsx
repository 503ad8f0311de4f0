// The mail screen: folders on the side, the selected folder's messages, the open message. Push (EventSource,
// RFC 8620 §7.3) bumps `version` on any change of mail, which refreshes the folders and the visible pages.

import type { JmapMailbox } from '@vercors/contract';
import { lazy, Suspense, useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { LOGIN_PAGE, type SignedInAccount, signOut } from '../auth/auth-session.ts';
import { cancelSending } from '../compose/cancel-sending.ts';
import { draftFromSaved, EMPTY_DRAFT, replyDraft } from '../compose/compose-draft.ts';
import type { ComposeStart, SentMessage } from '../compose/Composer.tsx';
import { clearJournal, journalEntries } from '../compose/draft-journal.ts';
import { type JmapClient, SignedOutError } from '../jmap/jmap-client.ts';
import { FolderSettings } from './FolderSettings.tsx';
import { MailboxList } from './MailboxList.tsx';
import { MessageList } from './MessageList.tsx';
import { folderQuery, type ListQuery } from './message-pages.ts';
import { Reader } from './Reader.tsx';
import { ScheduledList } from './ScheduledList.tsx';
import { SearchBar } from './SearchBar.tsx';
import { searchFilter } from './search-filter.ts';

export interface MailScreenProps {
  readonly client: JmapClient;
  readonly account: SignedInAccount;
  readonly csrfToken: string;
}

/** What went wrong with the server lately, shown in a notice over the screen. */
type Trouble = 'none' | 'signedOut' | 'offline';

/** The editor and its toolbar load only when someone writes (ADR 0008: the first load stays small). */
const Composer = lazy(() => import('../compose/Composer.tsx'));

/** Seconds a sent message waits, so "Annuler l’envoi" can take it back. */
const UNDO_SECONDS = 10;

function newComposeId(): string {
  return crypto.randomUUID();
}

export function MailScreen({ client, account, csrfToken }: MailScreenProps) {
  const { t, i18n } = useTranslation();
  const [mailboxes, setMailboxes] = useState<readonly JmapMailbox[]>([]);
  const [mailboxId, setMailboxId] = useState<string | undefined>(undefined);
  const [emailId, setEmailId] = useState<string | undefined>(undefined);
  const [version, setVersion] = useState(0);
  const [trouble, setTrouble] = useState<Trouble>('none');
  /** The search shown instead of a folder, with a key that changes at each new search. */
  const [search, setSearch] = useState<ListQuery | undefined>(undefined);
  /** The compose window, when open: it takes the reading pane's place. */
  const [compose, setCompose] = useState<ComposeStart | undefined>(() => {
    // A message being written when the tab closed or the browser crashed opens again.
    const [saved] = journalEntries(localStorage, client.accountId);
    return saved === undefined
      ? undefined
      : // Fields a newer version added get their defaults.
        { composeId: saved.composeId, draft: { ...EMPTY_DRAFT, ...saved.draft }, emailId: saved.emailId };
  });
  const [sent, setSent] = useState<SentMessage | undefined>(undefined);
  /** The scheduled sends shown in the list pane instead of a folder. */
  const [isScheduledView, setIsScheduledView] = useState(false);
  const [toast, setToast] = useState<string | undefined>(() =>
    compose === undefined ? undefined : i18n.t('compose.restored'),
  );
  const from = { name: account.displayName || null, email: account.email };

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

  // "Annuler l’envoi" is offered until the hold ends; a message then goes.
  useEffect(() => {
    if (sent === undefined) return;
    const timer = window.setTimeout(() => setSent(undefined), Math.max(0, sent.undoUntil - Date.now()));
    return () => window.clearTimeout(timer);
  }, [sent]);
  useEffect(() => {
    if (toast === undefined) return;
    const timer = window.setTimeout(() => setToast(undefined), 6000);
    return () => window.clearTimeout(timer);
  }, [toast]);

  /** Take a held message back: cancel its submission, put it back in Drafts, and reopen it. */
  const undo = async (message: SentMessage) => {
    setSent(undefined);
    try {
      if (!(await cancelSending(client, message.submissionId, message.emailId, mailboxes))) {
        setToast(t('compose.tooLate'));
        return;
      }
      setToast(t('compose.undone'));
      setCompose({ ...message.start, composeId: newComposeId() });
      setVersion((value) => value + 1);
    } catch (error) {
      onError(error);
    }
  };

  const mailbox = mailboxes.find((candidate) => candidate.id === mailboxId);
  const chooseMailbox = (id: string) => {
    setMailboxId(id);
    setEmailId(undefined);
    setSearch(undefined);
    setIsScheduledView(false);
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
            // What a shared computer keeps of this person goes with them (drafts are in Drafts on the server).
            clearJournal(localStorage);
            void signOut(fetch.bind(window), csrfToken).finally(() => window.location.assign(LOGIN_PAGE));
          }}
        >
          {t('app.signOut')}
        </button>
        <button
          type="button"
          className="primary new-message"
          onClick={() => setCompose({ composeId: newComposeId(), draft: EMPTY_DRAFT, emailId: undefined })}
        >
          {t('compose.new')}
        </button>
      </header>
      {(sent !== undefined || toast !== undefined) && (
        <div className="toast" role="status">
          {sent !== undefined ? (
            <>
              {t('compose.sent')}{' '}
              <button type="button" onClick={() => void undo(sent)}>
                {t('compose.undo')}
              </button>
            </>
          ) : (
            toast
          )}
        </div>
      )}
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
          selectedId={search === undefined && !isScheduledView ? mailboxId : undefined}
          locale={i18n.language}
          onSelect={chooseMailbox}
        />
        <button
          type="button"
          className={isScheduledView ? 'folder selected' : 'folder'}
          aria-current={isScheduledView ? 'page' : undefined}
          onClick={() => {
            setIsScheduledView(true);
            setSearch(undefined);
            setEmailId(undefined);
          }}
        >
          <span className="folder-colour" aria-hidden="true" />
          <span className="folder-name">{t('scheduled.title')}</span>
        </button>
        <details className="folder-admin">
          <summary>{t('folders.manage')}</summary>
          <FolderSettings
            key={mailboxId ?? 'none'}
            client={client}
            mailboxes={mailboxes}
            selected={search === undefined && !isScheduledView ? mailbox : undefined}
            onChanged={(createdId) => {
              if (createdId !== undefined) chooseMailbox(createdId);
              setVersion((value) => value + 1);
            }}
            onDeleted={() => {
              setMailboxId(mailboxes.find((candidate) => candidate.role === 'inbox')?.id);
              setVersion((value) => value + 1);
            }}
          />
        </details>
      </nav>
      <main className="list-pane" id="message-list">
        {isScheduledView ? (
          <ScheduledList
            client={client}
            mailboxes={mailboxes}
            timeZone={account.timeZone}
            version={version}
            onChanged={(message) => {
              setToast(message);
              setVersion((value) => value + 1);
            }}
            onError={onError}
          />
        ) : (
          query !== undefined && (
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
          )
        )}
      </main>
      <section className="reader-pane" aria-live="polite">
        {compose !== undefined ? (
          <Suspense fallback={<p className="reader-empty">{t('app.loading')}</p>}>
            <Composer
              key={compose.composeId}
              client={client}
              csrfToken={csrfToken}
              from={from}
              mailboxes={mailboxes}
              start={compose}
              undoSeconds={UNDO_SECONDS}
              timeZone={account.timeZone}
              onClose={() => setCompose(undefined)}
              onSent={(message) => {
                setCompose(undefined);
                if (message.scheduledAt === undefined) setSent(message);
                else
                  setToast(
                    t('compose.scheduled', {
                      date: new Intl.DateTimeFormat(i18n.language, {
                        dateStyle: 'full',
                        timeStyle: 'short',
                        timeZone: account.timeZone,
                      }).format(message.scheduledAt),
                    }),
                  );
                setVersion((value) => value + 1);
              }}
            />
          </Suspense>
        ) : (
          <Reader
            key={emailId ?? 'none'}
            client={client}
            emailId={emailId}
            timeZone={account.timeZone}
            onReply={(mode, original) =>
              setCompose({
                composeId: newComposeId(),
                draft: replyDraft(original, mode, [from], {
                  header: (date, name) =>
                    t('compose.quoteHeader', {
                      date: new Intl.DateTimeFormat(i18n.language, {
                        dateStyle: 'long',
                        timeStyle: 'short',
                        timeZone: account.timeZone,
                      }).format(date),
                      name,
                    }),
                  forwarded: t('compose.forwarded'),
                }),
                emailId: undefined,
              })
            }
            onEditDraft={(saved, id) =>
              setCompose({ composeId: newComposeId(), draft: draftFromSaved(saved), emailId: id })
            }
            onError={onError}
          />
        )}
      </section>
    </div>
  );
}
