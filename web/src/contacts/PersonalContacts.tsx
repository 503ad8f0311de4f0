// The person's own address books: the books (Contacts, Adresses collectées, any other) and the groups of the
// one open on the side, its contacts in a searchable list, and the open contact, group or form beside it; the
// book's vCard import and export under the side bar. Push (EventSource, types AddressBook and ContactCard)
// refreshes what is shown when a phone or another tab changes a card. On a phone one pane shows at a time.

import type { JmapAddressBook } from '@vercors/contract';
import { useCallback, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonList } from './ButtonList.tsx';
import { type CardView, displayName } from './card-display.ts';
import { ContactDetail } from './ContactDetail.tsx';
import { ContactEditor } from './ContactEditor.tsx';
import { ContactList } from './ContactList.tsx';
import type { ContactsScreenProps } from './ContactsScreen.tsx';
import { isServerTrouble } from './contact-failure.ts';
import { fetchCardPage, loadBooks } from './contacts-api.ts';
import { GroupDetail } from './GroupDetail.tsx';
import { VcardTransfer } from './VcardTransfer.tsx';

/** Groups listed on the side: a few per context; a search finds the others. */
const MAX_GROUPS = 200;
const SEARCH_DELAY_MS = 250;

type Pane =
  | { readonly kind: 'none' }
  | { readonly kind: 'card'; readonly id: string }
  | { readonly kind: 'group'; readonly id: string }
  | { readonly kind: 'edit'; readonly card: CardView }
  | { readonly kind: 'new'; readonly cardKind: 'individual' | 'group' };

export function PersonalContacts({
  client,
  csrfToken,
  onError,
  onWrite,
  onWriteAll,
  version: pushed,
}: ContactsScreenProps) {
  const { t } = useTranslation();
  const searchId = useId();
  const [books, setBooks] = useState<readonly JmapAddressBook[] | undefined>(undefined);
  const [booksFailed, setBooksFailed] = useState(false);
  const [bookId, setBookId] = useState<string | undefined>(undefined);
  const [groups, setGroups] = useState<readonly CardView[]>([]);
  const [changes, setVersion] = useState(0);
  /** What the pushed and the local changes make: any move reads the books and the visible cards again. */
  const version = changes + pushed;
  const [typed, setTyped] = useState('');
  const [text, setText] = useState('');
  const [pane, setPane] = useState<Pane>({ kind: 'none' });
  const [notice, setNotice] = useState<string | undefined>(undefined);
  const refresh = useCallback(() => setVersion((value) => value + 1), []);

  useEffect(() => {
    let isCurrent = true;
    loadBooks(client)
      .then((list) => {
        if (!isCurrent) return;
        setBooks(list);
        setBooksFailed(false);
        setBookId((current) =>
          current !== undefined && list.some((book) => book.id === current)
            ? current
            : (list.find((book) => book.isDefault) ?? list[0])?.id,
        );
      })
      .catch((error: unknown) => {
        if (!isCurrent) return;
        if (isServerTrouble(error)) onError(error);
        setBooksFailed(true);
      });
    return () => {
      isCurrent = false;
    };
  }, [client, version, onError]);

  useEffect(() => {
    if (bookId === undefined) return;
    let isCurrent = true;
    fetchCardPage(
      client,
      { operator: 'AND', conditions: [{ inAddressBook: bookId }, { kind: 'group' }] },
      0,
      MAX_GROUPS,
    )
      .then(({ cards }) => {
        if (!isCurrent) return;
        setGroups(
          [...cards].sort((a, b) =>
            displayName(a).localeCompare(displayName(b), 'fr', { sensitivity: 'base' }),
          ),
        );
      })
      .catch((error: unknown) => isCurrent && isServerTrouble(error) && onError(error));
    return () => {
      isCurrent = false;
    };
  }, [client, bookId, version, onError]);

  useEffect(() => {
    const timer = window.setTimeout(() => setText(typed), SEARCH_DELAY_MS);
    return () => window.clearTimeout(timer);
  }, [typed]);

  useEffect(() => {
    if (notice === undefined) return;
    const timer = window.setTimeout(() => setNotice(undefined), 6000);
    return () => window.clearTimeout(timer);
  }, [notice]);

  const book = books?.find((candidate) => candidate.id === bookId);
  const openBook = (id: string) => {
    setBookId(id);
    setPane({ kind: 'none' });
    setTyped('');
    setText('');
  };
  const gone = (message: string) => {
    setNotice(message);
    setPane({ kind: 'none' });
    refresh();
  };
  const selectedId = pane.kind === 'card' || pane.kind === 'group' ? pane.id : undefined;

  if (booksFailed && books === undefined)
    return (
      <p className="contacts-error" role="alert">
        {t('contactsList.booksFailed')}{' '}
        <button type="button" onClick={refresh}>
          {t('contacts.retry')}
        </button>
      </p>
    );
  if (books === undefined || book === undefined)
    return (
      <p className="contacts-empty" aria-busy="true">
        {t('contactsList.loading')}
      </p>
    );

  return (
    <div className={`personal-contacts${pane.kind === 'none' ? '' : ' has-pane'}`}>
      <aside className="contacts-side">
        <nav aria-label={t('contactsList.books')}>
          <h2 className="side-title">{t('contactsList.books')}</h2>
          <ButtonList
            items={books}
            keyOf={(candidate) => candidate.id}
            isCurrent={(candidate) => candidate.id === book.id}
            current="page"
            listClassName="side-list"
            buttonClassName="side-item"
            onOpen={(candidate) => openBook(candidate.id)}
          >
            {(candidate) => candidate.name}
          </ButtonList>
        </nav>
        <nav aria-label={t('contactsGroup.groups', { book: book.name })}>
          <h2 className="side-title">{t('contactsGroup.title')}</h2>
          {groups.length === 0 ? (
            <p className="contacts-hint side-hint">{t('contactsGroup.none')}</p>
          ) : (
            <ButtonList
              items={groups}
              keyOf={(group) => group.id}
              isCurrent={(group) => selectedId === group.id}
              listClassName="side-list"
              buttonClassName="side-item"
              onOpen={(group) => setPane({ kind: 'group', id: group.id })}
            >
              {(group) => displayName(group) || t('contactsCard.noName')}
            </ButtonList>
          )}
        </nav>
        <div className="side-actions">
          <button
            type="button"
            className="primary"
            onClick={() => setPane({ kind: 'new', cardKind: 'individual' })}
          >
            {t('contactsList.newContact')}
          </button>
          <button type="button" onClick={() => setPane({ kind: 'new', cardKind: 'group' })}>
            {t('contactsList.newGroup')}
          </button>
        </div>
        <VcardTransfer
          client={client}
          csrfToken={csrfToken}
          book={book}
          onImported={refresh}
          onError={onError}
        />
      </aside>
      <section className="contacts-list-pane" aria-labelledby={`${searchId}-title`}>
        <h2 id={`${searchId}-title`} className="contacts-title">
          {book.name}
        </h2>
        <form role="search" className="contacts-search" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={searchId}>{t('contactsList.search', { book: book.name })}</label>
          <input
            id={searchId}
            type="search"
            value={typed}
            autoComplete="off"
            onChange={(event) => setTyped(event.target.value)}
          />
        </form>
        <div className="contacts-notice" role="status">
          {notice}
        </div>
        <ContactList
          client={client}
          addressBookId={book.id}
          text={text}
          version={version}
          selectedId={selectedId}
          onOpen={(id) => setPane({ kind: 'card', id })}
          onError={onError}
        />
      </section>
      <div className="contacts-detail">
        {pane.kind === 'none' && <p className="contacts-empty">{t('contactsCard.none')}</p>}
        {pane.kind === 'card' && (
          <ContactDetail
            key={pane.id}
            client={client}
            cardId={pane.id}
            books={books}
            version={version}
            onEdit={(card) => setPane({ kind: 'edit', card })}
            onGone={gone}
            onNotice={setNotice}
            onBack={() => setPane({ kind: 'none' })}
            onWrite={onWrite}
            onError={onError}
          />
        )}
        {pane.kind === 'group' && (
          <GroupDetail
            key={pane.id}
            client={client}
            cardId={pane.id}
            version={version}
            onEdit={(card) => setPane({ kind: 'edit', card })}
            onChanged={refresh}
            onGone={gone}
            onBack={() => setPane({ kind: 'none' })}
            onWriteAll={onWriteAll}
            onError={onError}
          />
        )}
        {(pane.kind === 'edit' || pane.kind === 'new') && (
          <ContactEditor
            key={pane.kind === 'edit' ? pane.card.id : `new-${pane.cardKind}`}
            client={client}
            addressBookId={book.id}
            card={pane.kind === 'edit' ? pane.card : undefined}
            kind={
              pane.kind === 'edit' ? (pane.card.kind === 'group' ? 'group' : 'individual') : pane.cardKind
            }
            onSaved={(id) => {
              const isGroup = pane.kind === 'edit' ? pane.card.kind === 'group' : pane.cardKind === 'group';
              setNotice(t('contactsForm.saved'));
              setPane({ kind: isGroup ? 'group' : 'card', id });
              refresh();
            }}
            onCancel={() =>
              setPane(
                pane.kind === 'edit'
                  ? { kind: pane.card.kind === 'group' ? 'group' : 'card', id: pane.card.id }
                  : { kind: 'none' },
              )
            }
            onError={onError}
          />
        )}
      </div>
    </div>
  );
}
