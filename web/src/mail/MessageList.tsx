// A folder's messages, one row per conversation, newest first, virtualised: only the rows in view (and a
// margin) exist in the page, and their pages of 50 are fetched as the view reaches them, so a 100,000-message
// folder scrolls like a 100-message one. Arrow keys move the selection, Enter opens.

import type { JmapMailbox } from '@vercors/contract';
import { type KeyboardEvent, useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { pagesCovering, virtualWindow } from '../ui/virtual-window.ts';
import { fetchMessagePage, type MessageRow, PAGE_SIZE } from './message-pages.ts';
import { formatListDate } from './list-dates.ts';

const ROW_HEIGHT = 64;

export interface MessageListProps {
  readonly client: JmapClient;
  readonly mailbox: JmapMailbox;
  /** Bumped by push: the visible pages are fetched again. */
  readonly version: number;
  readonly selectedId: string | undefined;
  readonly timeZone: string;
  onOpen(id: string): void;
  onError(error: unknown): void;
}

export function MessageList({
  client,
  mailbox,
  version,
  selectedId,
  timeZone,
  onOpen,
  onError,
}: MessageListProps) {
  const { t, i18n } = useTranslation();
  const viewport = useRef<HTMLDivElement>(null);
  const [scrollTop, setScrollTop] = useState(0);
  const [viewportHeight, setViewportHeight] = useState(800);
  const [total, setTotal] = useState<number | undefined>(undefined);
  const [pages, setPages] = useState<ReadonlyMap<number, readonly MessageRow[]>>(new Map());
  /** Pages asked for at this version: each is fetched once per version. */
  const requested = useRef(new Map<number, number>());

  useEffect(() => {
    const element = viewport.current;
    if (element === null) return;
    const observer = new ResizeObserver(() => setViewportHeight(element.clientHeight));
    observer.observe(element);
    setViewportHeight(element.clientHeight);
    return () => observer.disconnect();
  }, []);

  const count = total ?? PAGE_SIZE;
  const view = virtualWindow(count, ROW_HEIGHT, scrollTop, viewportHeight);
  const wanted = pagesCovering(view.start, Math.max(view.end, 1), PAGE_SIZE);

  const load = useCallback(
    (page: number) => {
      if (requested.current.get(page) === version) return;
      requested.current.set(page, version);
      fetchMessagePage(client, mailbox.id, page)
        .then((result) => {
          setTotal(result.total);
          setPages((current) => new Map(current).set(page, result.rows));
        })
        .catch((error: unknown) => {
          requested.current.delete(page);
          onError(error);
        });
    },
    [client, mailbox.id, version, onError],
  );
  useEffect(() => {
    for (const page of wanted) load(page);
  }, [wanted.join(','), load]);

  const rowAt = (index: number): MessageRow | undefined =>
    pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const selectedIndex = selectedId === undefined ? -1 : findIndex(pages, selectedId);

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.key !== 'ArrowDown' && event.key !== 'ArrowUp' && event.key !== 'Enter') return;
    event.preventDefault();
    if (event.key === 'Enter') {
      if (selectedId !== undefined) onOpen(selectedId);
      return;
    }
    const next = Math.min(Math.max(0, selectedIndex + (event.key === 'ArrowDown' ? 1 : -1)), count - 1);
    const row = rowAt(next);
    if (row === undefined) return;
    onOpen(row.id);
    const element = viewport.current;
    if (element !== null) {
      const top = next * ROW_HEIGHT;
      if (top < element.scrollTop) element.scrollTop = top;
      else if (top + ROW_HEIGHT > element.scrollTop + element.clientHeight)
        element.scrollTop = top + ROW_HEIGHT - element.clientHeight;
    }
  };

  const rows = [];
  for (let index = view.start; index < view.end; index += 1) {
    const row = rowAt(index);
    const isSelected = row !== undefined && row.id === selectedId;
    const isUnread = row !== undefined && row.keywords.$seen !== true;
    rows.push(
      <div
        key={row?.id ?? `loading-${index}`}
        role="option"
        id={row === undefined ? undefined : `message-${row.id}`}
        aria-selected={isSelected}
        aria-posinset={index + 1}
        aria-setsize={count}
        className={`message-row${isSelected ? ' selected' : ''}${isUnread ? ' unread' : ''}`}
        style={{ top: index * ROW_HEIGHT - view.offset, height: ROW_HEIGHT }}
        onClick={() => row !== undefined && onOpen(row.id)}
      >
        {row === undefined ? (
          <span className="row-loading">{t('list.loadingRow')}</span>
        ) : (
          <>
            <span className="row-from">
              {row.from?.[0]?.name || row.from?.[0]?.email || t('list.unknownSender')}
            </span>
            <time className="row-date" dateTime={row.receivedAt}>
              {formatListDate(row.receivedAt, i18n.language, timeZone, new Date())}
            </time>
            <span className="row-subject">
              {isUnread && <span className="visually-hidden">{t('list.unread')}, </span>}
              {row.keywords.$flagged === true && (
                <span className="visually-hidden">{t('list.flagged')}, </span>
              )}
              {row.subject || t('list.noSubject')}
              {row.hasAttachment && <span className="row-clip" aria-label={t('list.attachment')} />}
            </span>
            <span className="row-preview">{row.preview}</span>
          </>
        )}
      </div>,
    );
  }

  return (
    <div className="message-list">
      <p className="list-count">
        {total === undefined ? t('app.loading') : t('list.count', { count: total })}
      </p>
      {total === 0 ? (
        <p className="list-empty">{t('list.empty')}</p>
      ) : (
        <div
          ref={viewport}
          className="list-viewport"
          role="listbox"
          tabIndex={0}
          aria-label={t('list.label', { folder: mailbox.name })}
          aria-activedescendant={
            selectedIndex >= 0 && selectedId !== undefined ? `message-${selectedId}` : undefined
          }
          onScroll={(event) => setScrollTop(event.currentTarget.scrollTop)}
          onKeyDown={onKeyDown}
        >
          <div className="list-spacer" style={{ height: view.height }}>
            <div className="list-rows" style={{ transform: `translateY(${view.offset}px)` }}>
              {rows}
            </div>
          </div>
        </div>
      )}
    </div>
  );
}

function findIndex(pages: ReadonlyMap<number, readonly MessageRow[]>, id: string): number {
  for (const [page, rows] of pages) {
    const index = rows.findIndex((row) => row.id === id);
    if (index >= 0) return page * PAGE_SIZE + index;
  }
  return -1;
}
