// One person of the académie directory, opened from the search: function, establishment (its name and commune),
// other posts, disciplines, professional phone as a tel: link and address, with "Écrire" (the composer, through
// the shell) and "Ajouter à mes contacts" (a copy into the default book; a person whose address is already in
// one of the books is said to be there).

import { useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { isServerTrouble, refusalKey } from './contact-failure.ts';
import { createCard, loadBooks, queryCards } from './contacts-api.ts';
import { cardFromPerson, type DirectoryPerson, telUri } from './directory-person.ts';

export interface PersonCardProps {
  readonly client: JmapClient;
  readonly person: DirectoryPerson;
  readonly onWrite: ((recipient: { name: string | null; email: string }) => void) | undefined;
  readonly onError: (error: unknown) => void;
  /** Back to the results (a phone shows one or the other). */
  readonly onBack: () => void;
}

/** Whether the person is in the books: unknown while asked, then known; `added` once added here. */
type Kept = 'checking' | 'absent' | 'present' | 'adding' | 'added';

export function PersonCard({ client, person, onWrite, onError, onBack }: PersonCardProps) {
  const { t } = useTranslation();
  const heading = useRef<HTMLHeadingElement>(null);
  const [kept, setKept] = useState<Kept>('checking');
  const [problem, setProblem] = useState<string | undefined>(undefined);

  useEffect(() => {
    heading.current?.focus();
  }, []);
  useEffect(() => {
    let isCurrent = true;
    queryCards(client, { filter: { email: person.email }, limit: 1 })
      .then(({ total }) => isCurrent && setKept(total > 0 ? 'present' : 'absent'))
      // Unknown: the button is offered; adding twice at worst makes a second card.
      .catch(() => isCurrent && setKept('absent'));
    return () => {
      isCurrent = false;
    };
  }, [client, person.email]);

  const add = async () => {
    setKept('adding');
    setProblem(undefined);
    try {
      const books = await loadBooks(client);
      const book = books.find((candidate) => candidate.isDefault) ?? books[0];
      if (book === undefined) throw new Error('no address book');
      await createCard(client, cardFromPerson(person, book.id));
      setKept('added');
    } catch (error) {
      if (isServerTrouble(error)) onError(error);
      setProblem(t(refusalKey(error)));
      setKept('absent');
    }
  };

  const main = person.posts.find((post) => post.isPrimary) ?? person.posts[0];
  const others = person.posts.filter((post) => post !== main);
  return (
    <section className="person-card" aria-labelledby="person-card-name">
      <button type="button" className="link-button back-button" onClick={onBack}>
        {t('directory.back')}
      </button>
      <h2 id="person-card-name" ref={heading} tabIndex={-1}>
        {person.name}
      </h2>
      <dl className="card-fields">
        {person.title !== null && person.title !== '' && (
          <div className="card-field-group">
            <dt>{t('directoryCard.function')}</dt>
            <dd>{person.title}</dd>
          </div>
        )}
        {(main !== undefined || person.establishment !== null) && (
          <div className="card-field-group">
            <dt>{t('directoryCard.establishment')}</dt>
            <dd>
              {main?.name ?? person.establishment?.name}
              {main?.commune ? ` (${main.commune})` : ''}
            </dd>
          </div>
        )}
        {others.length > 0 && (
          <div className="card-field-group">
            <dt>{t('directoryCard.otherPosts')}</dt>
            <dd>
              <ul className="plain-list">
                {others.map((post) => (
                  <li key={post.uai}>
                    {post.name}
                    {post.commune ? ` (${post.commune})` : ''}
                  </li>
                ))}
              </ul>
            </dd>
          </div>
        )}
        {person.disciplines.length > 0 && (
          <div className="card-field-group">
            <dt>{t('directoryCard.disciplines')}</dt>
            <dd>{person.disciplines.join(', ')}</dd>
          </div>
        )}
        {person.phone !== null && person.phone !== '' && (
          <div className="card-field-group">
            <dt>{t('directoryCard.phone')}</dt>
            <dd>
              <a href={telUri(person.phone)}>{person.phone}</a>
            </dd>
          </div>
        )}
        <div className="card-field-group">
          <dt>{t('directoryCard.email')}</dt>
          <dd className="card-email">{person.email}</dd>
        </div>
      </dl>
      <div className="card-actions">
        {onWrite !== undefined && (
          <button
            type="button"
            className="primary"
            onClick={() => onWrite({ name: person.name || null, email: person.email })}
          >
            {t('directoryCard.write')}
          </button>
        )}
        {kept === 'present' || kept === 'added' ? (
          <p className="card-kept" role="status">
            {kept === 'added' ? t('directoryCard.added') : t('directoryCard.present')}
          </p>
        ) : (
          <button type="button" disabled={kept !== 'absent'} onClick={() => void add()}>
            {kept === 'adding' ? t('directoryCard.adding') : t('directoryCard.add')}
          </button>
        )}
      </div>
      {problem !== undefined && (
        <p className="contacts-error" role="alert">
          {problem}
        </p>
      )}
    </section>
  );
}
