// The mail screen: folders on the side, the selected folder's messages, the open message. The shell's push
// stream bumps `version` on any change of mail, which refreshes the folders and the visible pages.

import type { JmapMailbox } from '@vercors/contract';
import { lazy, Suspense, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { cancelSending } from '../compose/cancel-sending.ts';
import { draftFromSaved, EMPTY_DRAFT, replyDraft } from '../compose/compose-draft.ts';
import type { ComposeStart, SentMessage } from '../compose/Composer.tsx';
import { journalEntries } from '../compose/draft-journal.ts';
import type { ScreenProps } from '../app/screen-props.ts';
import { usePreferences } from '../app/preferences.ts';
import { FolderSettings } from './FolderSettings.tsx';
import { MailboxList } from './MailboxList.tsx';
import {
  type ActionTarget,
  applyAction,
  applyChanges,
  type EmailChanges,
  LEAVING,
  type MailAction,
} from './email-actions.ts';
import { MessageList } from './MessageList.tsx';
import { folderQuery, type ListQuery } from './message-pages.ts';
import { Reader } from './Reader.tsx';
import { ScheduledList } from './ScheduledList.tsx';
import { ShortcutHelp } from './ShortcutHelp.tsx';
import { SearchBar } from './SearchBar.tsx';
import { searchFilter } from './search-filter.ts';

/** Another screen's wish to write to someone (the contacts' "Écrire"); a new id is a new wish. */
export interface WriteRequest {
  readonly id: string;
  readonly to: readonly { readonly name: string | null; readonly email: string }[];
}

export interface MailScreenProps extends ScreenProps {
  /** Bumped by the shell's push stream when mail changed. */
  readonly version: number;
  /** False while another screen is in front (this one stays mounted behind it). */
  readonly isShown: boolean;
  readonly writeRequest: WriteRequest | undefined;
}

/** The editor and its toolbar load only when someone writes (ADR 0008: the first load stays small). */
const Composer = lazy(() => import('../compose/Composer.tsx'));

function newComposeId(): string {
  return crypto.randomUUID();
}

export function MailScreen({
  client,
  account,
  csrfToken,
  onError,
  version: pushVersion,
  isShown,
  writeRequest,
}: MailScreenProps) {
  const { t, i18n } = useTranslation();
  const { preferences } = usePreferences();
  const [mailboxes, setMailboxes] = useState<readonly JmapMailbox[]>([]);
  const [mailboxId, setMailboxId] = useState<string | undefined>(undefined);
  const [emailId, setEmailId] = useState<string | undefined>(undefined);
  /** Bumped here after this screen's own changes; with the push version, what the lists reload on. */
  const [localVersion, setLocalVersion] = useState(0);
  const version = pushVersion + localVersion;
  const setVersion = setLocalVersion;
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
  /** The last action that moved conversations away, offered to be undone for a few seconds. */
  const [undoable, setUndoable] = useState<
    { readonly text: string; readonly undo: EmailChanges } | undefined
  >(undefined);
  const [isHelpOpen, setIsHelpOpen] = useState(false);
  /** The scheduled sends shown in the list pane instead of a folder. */
  const [isScheduledView, setIsScheduledView] = useState(false);
  const [toast, setToast] = useState<string | undefined>(() =>
    compose === undefined ? undefined : i18n.t('compose.restored'),
  );
  const from = { name: account.displayName || null, email: account.email };

  useEffect(() => {
    let isCurrent = true;
    client
      .call([['Mailbox/get', { accountId: client.accountId, ids: null }, 'm']])
      .then((results) => {
        if (!isCurrent) return;
        const list = (results.get('m') as { list: JmapMailbox[] }).list;
        setMailboxes(list);
        setMailboxId(
          (current) => current ?? list.find((mailbox) => mailbox.role === 'inbox')?.id ?? list[0]?.id,
        );
      })
      .catch(onError);
    return () => {
      isCurrent = false;
    };
  }, [client, version, onError]);

  // The contacts screen asked to write to someone.
  useEffect(() => {
    if (writeRequest === undefined) return;
    setCompose({
      composeId: newComposeId(),
      draft: {
        ...newDraft,
        to: writeRequest.to.map((person) => ({ name: person.name, email: person.email })),
      },
      emailId: undefined,
    });
  }, [writeRequest]);

  // "Annuler l’envoi" is offered until the hold ends; a message then goes.
  useEffect(() => {
    if (sent === undefined) return;
    const timer = window.setTimeout(() => setSent(undefined), Math.max(0, sent.undoUntil - Date.now()));
    return () => window.clearTimeout(timer);
  }, [sent]);
  useEffect(() => {
    if (undoable === undefined) return;
    const timer = window.setTimeout(() => setUndoable(undefined), 10_000);
    return () => window.clearTimeout(timer);
  }, [undoable]);
  // `?` anywhere on the mail screen but in a field opens the shortcuts (the list handles its own).
  useEffect(() => {
    if (!isShown) return;
    const onKey = (event: KeyboardEvent) => {
      const target = event.target as HTMLElement | null;
      if (event.key !== '?' || target?.closest('input, textarea, select, [contenteditable="true"]')) return;
      setIsHelpOpen(true);
    };
    document.addEventListener('keydown', onKey);
    return () => document.removeEventListener('keydown', onKey);
  }, [isShown]);
  useEffect(() => {
    if (toast === undefined) return;
    const timer = window.setTimeout(() => setToast(undefined), 6000);
    return () => window.clearTimeout(timer);
  }, [toast]);

  /** Take a held message back: cancel its submission, put it back in Drafts, and reopen it. */
  const undo = async (message: SentMessage) => {
    setSent(undefined);
    try {
      if (
        !(await cancelSending(
          client,
          message.submissionId,
          message.emailId,
          mailboxes,
          message.start.draft.origin,
        ))
      ) {
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

  /** A new message, as the person likes to start one. */
  const newDraft = useMemo(
    () => ({ ...EMPTY_DRAFT, requestReadReceipt: preferences.requestReadReceipts }),
    [preferences.requestReadReceipts],
  );
  /** Trash and junk: a conversation opened elsewhere leaves their messages out. */
  const setAsideIds = mailboxes
    .filter((box) => box.role === 'trash' || box.role === 'junk')
    .map((box) => box.id)
    .join(' ');
  const setAside = useMemo(() => new Set(setAsideIds.split(' ').filter(Boolean)), [setAsideIds]);
  /** An action from the toolbar, a shortcut or a drop; one that moved conversations away can be undone. */
  const runAction = async (action: MailAction, targets: readonly ActionTarget[], from: string | null) => {
    const undo = await applyAction(client, action, targets, from, mailboxes);
    setVersion((value) => value + 1);
    if (undo === undefined || !LEAVING.has(action.kind)) return;
    const folder =
      action.kind === 'move'
        ? mailboxes.find((candidate) => candidate.id === action.mailboxId)?.name
        : undefined;
    setUndoable({ text: t(`actions.done_${action.kind}`, { count: targets.length, folder }), undo });
  };
  const undoAction = (changes: EmailChanges) => {
    setUndoable(undefined);
    applyChanges(client, changes)
      .then(() => {
        setToast(t('actions.undone'));
        setVersion((value) => value + 1);
      })
      .catch(onError);
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
      {isHelpOpen && <ShortcutHelp onClose={() => setIsHelpOpen(false)} />}
      {(sent !== undefined || undoable !== undefined || toast !== undefined) && (
        // Each notice on its own line: a newer one never hides the "Annuler" of an older one.
        <div className="toast" role="status">
          {sent !== undefined && (
            <p>
              {t('compose.sent')}{' '}
              <button type="button" onClick={() => void undo(sent)}>
                {t('compose.undo')}
              </button>
            </p>
          )}
          {undoable !== undefined && (
            <p>
              {undoable.text}{' '}
              <button type="button" onClick={() => undoAction(undoable.undo)}>
                {t('actions.undo')}
              </button>
            </p>
          )}
          {toast !== undefined && <p>{toast}</p>}
        </div>
      )}
      <SearchBar
        mailboxes={mailboxes}
        isActive={search !== undefined}
        onSearch={(fields) => {
          const filter = searchFilter(fields, account.timeZone);
          if (filter === undefined) return;
          setEmailId(undefined);
          setIsScheduledView(false);
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
        <button
          type="button"
          className="primary new-message"
          onClick={() => setCompose({ composeId: newComposeId(), draft: newDraft, emailId: undefined })}
        >
          {t('compose.new')}
        </button>
        <MailboxList
          mailboxes={mailboxes}
          selectedId={search === undefined && !isScheduledView ? mailboxId : undefined}
          locale={i18n.language}
          onSelect={chooseMailbox}
          onDropRows={(to, rows) =>
            void runAction({ kind: 'move', mailboxId: to }, rows.targets, rows.from).catch(onError)
          }
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
        <button type="button" className="link-button shortcuts-link" onClick={() => setIsHelpOpen(true)}>
          {t('actions.shortcuts')}
        </button>
        <details className="folder-admin">
          <summary>{t('folders.manage')}</summary>
          <FolderSettings
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
              onAct={runAction}
              onHelp={() => setIsHelpOpen(true)}
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
              undoSeconds={preferences.undoSendSeconds}
              timeZone={account.timeZone}
              onClose={() => setCompose(undefined)}
              onSent={(message) => {
                setCompose(undefined);
                if (message.scheduledAt === undefined) {
                  if (preferences.undoSendSeconds > 0) setSent(message);
                  else setToast(t('compose.sent'));
                } else
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
            setAside={setAside}
            version={version}
            onReply={(mode, original) =>
              setCompose({
                composeId: newComposeId(),
                draft: {
                  ...replyDraft(original, mode, [from], {
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
                  requestReadReceipt: preferences.requestReadReceipts,
                },
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
