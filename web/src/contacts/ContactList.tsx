// The cards of a book (groups aside: they have their own list), by surname, filtered by what the search box
// holds (ContactCard/query `text`: names, addresses, phones, organisation, notes). Virtualised like the message
// list: about forty rows exist in the page whatever the book's size, fetched fifty at a time as the view
// reaches them, so a 20,000-card book scrolls like a short one.

import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { pagesCovering, virtualWindow } from '../ui/virtual-window.ts';
import { type CardView, cardDetail, displayName } from './card-display.ts';
import { isServerTrouble } from './contact-failure.ts';
import { fetchCardPage } from './contacts-api.ts';

const ROW_HEIGHT = 56;
const PAGE_SIZE = 50;

export interface ContactListProps {
  readonly client: JmapClient;
  readonly addressBookId: string;
  /** The search, as typed (empty: the whole book). */
  readonly text: string;
  /** Bumped by push and after each change: the visible pages are fetched again. */
  readonly version: number;
  readonly selectedId: string | undefined;
  onOpen(id: string): void;
  onError(error: unknown): void;
}

export function listFilter(addressBookId: string, text: string): Record<string, unknown> {
  const conditions: Record<string, unknown>[] = [
    { inAddressBook: addressBookId },
    { operator: 'NOT', conditions: [{ kind: 'group' }] },
  ];
  if (text.trim() !== '') conditions.push({ text: text.trim() });
  return { operator: 'AND', conditions };
}

export function ContactList({
  client,
  addressBookId,
  text,
  version,
  selectedId,
  onOpen,
  onError,
}: ContactListProps) {
  const { t } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(600);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [failed, setFailed] = useState(false);
  const [pages, setPages] = useState<ReadonlyMap<number, readonly CardView[]>>(new Map());
  const requested = useRef(new Map<number, string>());
  const queryKey = `${addressBookId}\u0000${text.trim()}`;

  // A new book or search starts from the top, empty.
  useEffect(() => {
    setPages(new Map());
    setTotal(undefined);
    setScrollTop(0);
    requested.current.clear();
    if (viewport.current !== null) viewport.current.scrollTop = 0;
  }, [queryKey]);

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    setViewportHeight(element.clientHeight);
    return () => observer.disconnect();
  }, [total === 0]);

  const count = total ?? PAGE_SIZE;
  const view = virtualWindow(count, ROW_HEIGHT, scrollTop, viewportHeight);
  const wanted = pagesCovering(view.start, Math.max(view.end, 1), PAGE_SIZE);

  const load = useCallback(
    (page: number) => {
      const stamp = `${queryKey}\u0000${version}`;
      if (requested.current.get(page) === stamp) return;
      requested.current.set(page, stamp);
      fetchCardPage(client, listFilter(addressBookId, text), page * PAGE_SIZE, PAGE_SIZE)
        .then((result) => {
          if (requested.current.get(page) !== stamp) return;
          setFailed(false);
          setTotal(result.total);
          setPages((current) => new Map(current).set(page, result.cards));
        })
        .catch((error: unknown) => {
          requested.current.delete(page);
          if (isServerTrouble(error)) onError(error);
          setFailed(true);
        });
    },
    [client, addressBookId, text, queryKey, version, onError],
  );
  useEffect(() => {
    for (const page of wanted) load(page);
  }, [wanted.join(','), load]);

  const rows = [];
  for (let index = view.start; index < view.end && index < count; index += 1) {
    const card = pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
    const isOpen = card !== undefined && card.id === selectedId;
    rows.push(
      <li
        key={card?.id ?? `loading-${index}`}
        className={`contact-row${isOpen ? ' open' : ''}`}
        aria-setsize={count}
        aria-posinset={index + 1}
        style={{ top: index * ROW_HEIGHT - view.offset, height: ROW_HEIGHT }}
      >
        {card === undefined ? (
          <span className="row-loading">{t('contactsList.loadingRow')}</span>
        ) : (
          <button type="button" aria-current={isOpen ? 'true' : undefined} onClick={() => onOpen(card.id)}>
            <span className="contact-name">{displayName(card) || t('contactsCard.noName')}</span>
            <span className="contact-detail">{cardDetail(card)}</span>
          </button>
        )}
      </li>,
    );
  }

  return (
    <div className="contact-list">
      <p className="list-count" role="status">
        {failed
          ? t('contactsList.failed')
          : total === undefined
            ? t('contactsList.loading')
            : text.trim() === ''
              ? t('contactsList.count', { count: total })
              : t('contactsList.found', { count: total })}
      </p>
      {failed && total === undefined ? (
        <p className="list-empty">
          <button
            type="button"
            onClick={() => {
              requested.current.clear();
              load(0);
            }}
          >
            {t('contacts.retry')}
          </button>
        </p>
      ) : total === 0 ? (
        <p className="list-empty">
          {text.trim() === '' ? t('contactsList.empty') : t('contactsList.none', { text: text.trim() })}
        </p>
      ) : (
        <div
          ref={viewport}
          className="list-viewport"
          onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
        >
          <div className="list-spacer" style={{ height: view.height }}>
            <ul
              className="list-rows contact-rows"
              aria-label={t('contactsList.label')}
              style={{ transform: `translateY(${view.offset}px)` }}
            >
              {rows}
            </ul>
          </div>
        </div>
      )}
    </div>
  );
}
