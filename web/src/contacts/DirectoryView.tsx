// The académie directory: a search box (asked once typing pauses, from two letters, at most 50 people shown),
// the people found with their function and establishment, and the card of the one opened — function,
// establishment, other posts, disciplines, professional phone (a tel: link) and address — with "Écrire" and
// "Ajouter à mes contacts" (a copy into the default book, said plainly when the address is already there).

import { useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ButtonList } from './ButtonList.tsx';
import type { ContactsScreenProps } from './ContactsScreen.tsx';
import { isServerTrouble } from './contact-failure.ts';
import { type DirectoryPerson, DIRECTORY_RESULTS, isSearchable } from './directory-person.ts';
import { PersonCard } from './PersonCard.tsx';

/** Wait after a keystroke before asking: a fast typist asks once. */
const SEARCH_DELAY_MS = 250;

type Search =
  | { readonly status: 'idle' }
  | { readonly status: 'loading'; readonly text: string }
  | { readonly status: 'ready'; readonly text: string; readonly people: readonly DirectoryPerson[] }
  | { readonly status: 'failed'; readonly text: string };

export function DirectoryView({ client, onError, onWrite }: ContactsScreenProps) {
  const { t } = useTranslation();
  const inputId = useId();
  const hintId = useId();
  const [text, setText] = useState('');
  const [search, setSearch] = useState<Search>({ status: 'idle' });
  const [opened, setOpened] = useState<DirectoryPerson | undefined>(undefined);
  const [attempt, setAttempt] = useState(0);

  useEffect(() => {
    const query = text.trim();
    if (!isSearchable(query)) {
      setSearch({ status: 'idle' });
      return;
    }
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      setSearch({ status: 'loading', text: query });
      client
        .call([
          ['Directory/search', { accountId: client.accountId, text: query, limit: DIRECTORY_RESULTS }, 'd'],
        ])
        .then((answers) => {
          if (!isCurrent) return;
          const { list } = answers.get('d') as { list: DirectoryPerson[] };
          setSearch({ status: 'ready', text: query, people: list });
        })
        .catch((error: unknown) => {
          if (!isCurrent) return;
          if (isServerTrouble(error)) onError(error);
          setSearch({ status: 'failed', text: query });
        });
    }, SEARCH_DELAY_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [client, text, attempt, onError]);

  const people = search.status === 'ready' ? search.people : [];
  return (
    <div className={`directory-view${opened === undefined ? '' : ' has-card'}`}>
      <section className="directory-search" aria-labelledby={`${inputId}-title`}>
        <h2 id={`${inputId}-title`} className="contacts-title">
          {t('directory.title')}
        </h2>
        <form role="search" onSubmit={(event) => event.preventDefault()}>
          <label htmlFor={inputId}>{t('directory.searchLabel')}</label>
          <input
            id={inputId}
            type="search"
            value={text}
            autoComplete="off"
            aria-describedby={hintId}
            onChange={(event) => setText(event.target.value)}
          />
          <p id={hintId} className="contacts-hint">
            {t('directory.searchHint')}
          </p>
        </form>
        <div className="directory-status" role="status" aria-live="polite">
          {search.status === 'loading' && t('directory.searching')}
          {search.status === 'ready' &&
            (people.length === 0
              ? t('directory.none', { text: search.text })
              : t('directory.found', { count: people.length }))}
        </div>
        {search.status === 'failed' && (
          <p className="contacts-error" role="alert">
            {t('directory.failed')}{' '}
            <button type="button" onClick={() => setAttempt((value) => value + 1)}>
              {t('contacts.retry')}
            </button>
          </p>
        )}
        {search.status === 'idle' && <p className="contacts-empty">{t('directory.prompt')}</p>}
        {people.length > 0 && (
          <>
            <h3 className="visually-hidden">{t('directory.results')}</h3>
            <ButtonList
              items={people}
              keyOf={(person) => person.email}
              isCurrent={(person) => opened?.email === person.email}
              listClassName="directory-results"
              buttonClassName="directory-person"
              onOpen={(person) => setOpened(person)}
            >
              {(person) => (
                <>
                  <span className="person-name">{person.name}</span>
                  <span className="person-detail">
                    {[person.title, person.establishment?.name].filter(Boolean).join(' · ') || person.email}
                  </span>
                </>
              )}
            </ButtonList>
            {people.length >= DIRECTORY_RESULTS && (
              <p className="contacts-hint">{t('directory.refine', { count: DIRECTORY_RESULTS })}</p>
            )}
          </>
        )}
      </section>
      {opened !== undefined && (
        <PersonCard
          key={opened.email}
          client={client}
          person={opened}
          onWrite={onWrite}
          onError={onError}
          onBack={() => setOpened(undefined)}
        />
      )}
    </div>
  );
}
