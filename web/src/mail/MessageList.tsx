// A folder's messages, one row per conversation, newest first, virtualised: only the rows in view (and a
// margin) exist in the page, and their pages of 50 are fetched as the view reaches them, so a 100,000-message
// folder scrolls like a 100-message one. Arrow keys (or j/k) open the next or previous; Ctrl-click, Shift-click
// and x select several; the toolbar and shortcuts act on the selection, else on the open conversation:
// e archive, # or Delete delete, ! junk, s flag, Shift+U unread, Shift+I read, ? the sheet of shortcuts.
// Rows can be dragged onto a folder of the side bar (the picked ones when the dragged row is among them).

import type { JmapMailbox } from '@vercors/contract';
import { type KeyboardEvent, useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { DRAGGED_ROWS, type DraggedRows } from './dragged-rows.ts';
import { pagesCovering, virtualWindow } from '../ui/virtual-window.ts';
import { type ActionTarget, LEAVING, type MailAction, type SimpleAction } from './email-actions.ts';
import { formatListDate } from './list-dates.ts';
import { fetchMessagePage, type ListQuery, type MessageRow, PAGE_SIZE } from './message-pages.ts';
import { MessageToolbar } from './MessageToolbar.tsx';
import { snippetParts } from './snippet-parts.ts';

const ROW_HEIGHT = 64;

export interface MessageListProps {
  readonly client: JmapClient;
  readonly query: ListQuery;
  /** The folder shown; undefined for search results (every folder). */
  readonly mailbox: JmapMailbox | undefined;
  readonly mailboxes: readonly JmapMailbox[];
  /** Bumped by push: the visible pages are fetched again. */
  readonly version: number;
  readonly selectedId: string | undefined;
  readonly timeZone: string;
  onOpen(id: string | undefined): void;
  /** Run an action on conversations of the folder shown (null: search results); resolves once applied. */
  onAct(action: MailAction, targets: readonly ActionTarget[], from: string | null): Promise<void>;
  /** `?`: the sheet of keyboard shortcuts. */
  onHelp(): void;
  onError(error: unknown): void;
}

const SHORTCUTS: Readonly<Record<string, SimpleAction>> = {
  e: 'archive',
  '#': 'trash',
  Delete: 'trash',
  '!': 'junk',
  U: 'unread',
  I: 'read',
};

export function MessageList({
  client,
  query,
  mailbox,
  mailboxes,
  version,
  selectedId,
  timeZone,
  onOpen,
  onAct,
  onHelp,
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
  /** Conversations picked with Ctrl-click, Shift-click or x (by the email their row shows). */
  const [picked, setPicked] = useState<ReadonlySet<string>>(new Set());
  const [anchor, setAnchor] = useState<number | undefined>(undefined);

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
      fetchMessagePage(client, query, page)
        .then((result) => {
          setTotal(result.total);
          setPages((current) => new Map(current).set(page, result.rows));
        })
        .catch((error: unknown) => {
          requested.current.delete(page);
          onError(error);
        });
    },
    [client, query, version, onError],
  );
  useEffect(() => {
    for (const page of wanted) load(page);
  }, [wanted.join(','), load]);

  const rowAt = (index: number): MessageRow | undefined =>
    pages.get(Math.floor(index / PAGE_SIZE))?.[index % PAGE_SIZE];
  const selectedIndex = selectedId === undefined ? -1 : findIndex(pages, selectedId);

  /** The rows an action applies to: those picked, else the open one. */
  // Computed when the pages or the selection change, not at each scroll: a long-scrolled folder holds
  // thousands of rows.
  const targets = useMemo((): MessageRow[] => {
    const ids = picked.size > 0 ? picked : new Set(selectedId === undefined ? [] : [selectedId]);
    const found: MessageRow[] = [];
    for (const rows of pages.values()) for (const row of rows) if (ids.has(row.id)) found.push(row);
    return found;
  }, [pages, picked, selectedId]);
  const nextAfter = (leaving: readonly MessageRow[]): string | undefined => {
    const gone = new Set(leaving.map((row) => row.id));
    for (let index = selectedIndex + 1; index < count; index += 1) {
      const row = rowAt(index);
      if (row === undefined) return undefined;
      if (!gone.has(row.id)) return row.id;
    }
    return undefined;
  };
  const act = (action: MailAction) => {
    const rows = targets;
    const chosen: ActionTarget[] = rows.map((row) => ({ threadId: row.threadId, emailId: row.id }));
    if (chosen.length === 0) return;
    const isLeaving = LEAVING.has(action.kind);
    // The next conversation opens in place of one that leaves, as mail apps do.
    const isOpenLeaving = isLeaving && rows.some((row) => row.id === selectedId);
    const after = isOpenLeaving ? nextAfter(rows) : selectedId;
    onAct(action, chosen, mailbox?.id ?? null)
      .then(() => {
        setPicked(new Set());
        if (isOpenLeaving) onOpen(after);
      })
      .catch(onError);
  };
  const pick = (
    index: number,
    row: MessageRow,
    event: { shiftKey: boolean; ctrlKey: boolean; metaKey: boolean },
  ) => {
    if (event.shiftKey && anchor !== undefined) {
      const range = new Set(picked);
      for (let at = Math.min(anchor, index); at <= Math.max(anchor, index); at += 1) {
        const inRange = rowAt(at);
        if (inRange !== undefined) range.add(inRange.id);
      }
      setPicked(range);
      return;
    }
    if (event.ctrlKey || event.metaKey) {
      const toggled = new Set(picked);
      if (toggled.has(row.id)) toggled.delete(row.id);
      else toggled.add(row.id);
      setPicked(toggled);
      setAnchor(index);
      return;
    }
    setPicked(new Set());
    setAnchor(index);
    onOpen(row.id);
  };

  const onKeyDown = (event: KeyboardEvent<HTMLDivElement>) => {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (event.key === '?') {
      event.preventDefault();
      onHelp();
      return;
    }
    const shortcut = SHORTCUTS[event.key];
    if (shortcut !== undefined) {
      event.preventDefault();
      act({ kind: shortcut });
      return;
    }
    if (event.key === 's') {
      event.preventDefault();
      act({ kind: targets.some((row) => row.keywords.$flagged === true) ? 'unflag' : 'flag' });
      return;
    }
    if (event.key === 'x' && selectedId !== undefined) {
      event.preventDefault();
      const toggled = new Set(picked);
      if (toggled.has(selectedId)) toggled.delete(selectedId);
      else toggled.add(selectedId);
      setPicked(toggled);
      return;
    }
    const isNext = event.key === 'ArrowDown' || event.key === 'j';
    const isPrevious = event.key === 'ArrowUp' || event.key === 'k';
    if (!isNext && !isPrevious && event.key !== 'Enter') return;
    event.preventDefault();
    if (event.key === 'Enter') {
      if (selectedId !== undefined) onOpen(selectedId);
      return;
    }
    const next = Math.min(Math.max(0, selectedIndex + (isNext ? 1 : -1)), count - 1);
    setAnchor(next);
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
    const isOpen = row !== undefined && row.id === selectedId;
    const isSelected = row !== undefined && (picked.has(row.id) || (picked.size === 0 && isOpen));
    const isUnread = row !== undefined && row.keywords.$seen !== true;
    rows.push(
      <div
        key={row?.id ?? `loading-${index}`}
        role="option"
        id={row === undefined ? undefined : `message-${row.id}`}
        aria-selected={isSelected}
        aria-posinset={index + 1}
        aria-setsize={count}
        aria-current={isOpen ? 'true' : undefined}
        className={`message-row${isSelected ? ' selected' : ''}${isOpen ? ' open' : ''}${isUnread ? ' unread' : ''}`}
        style={{ top: index * ROW_HEIGHT - view.offset, height: ROW_HEIGHT }}
        onClick={(event) => row !== undefined && pick(index, row, event)}
        draggable={row !== undefined}
        onDragStart={(event) => {
          if (row === undefined) return;
          const dragged = picked.has(row.id) ? targets : [row];
          const data: DraggedRows = {
            from: mailbox?.id ?? null,
            targets: dragged.map((one) => ({ threadId: one.threadId, emailId: one.id })),
          };
          event.dataTransfer.setData(DRAGGED_ROWS, JSON.stringify(data));
          event.dataTransfer.setData('text/plain', dragged.map((one) => one.subject ?? '').join('\n'));
          event.dataTransfer.effectAllowed = 'move';
        }}
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
              {row.snippet?.subject ? (
                <Highlighted snippet={row.snippet.subject} />
              ) : (
                row.subject || t('list.noSubject')
              )}
              {row.hasAttachment && <span className="row-clip" aria-label={t('list.attachment')} />}
            </span>
            <span className="row-preview">
              {row.snippet?.preview ? <Highlighted snippet={row.snippet.preview} /> : row.preview}
            </span>
          </>
        )}
      </div>,
    );
  }

  return (
    <div className="message-list">
      <p className="list-count">
        {total === undefined
          ? t('app.loading')
          : query.isSearch
            ? t('search.count', { count: total })
            : t('list.count', { count: total })}
      </p>
      <MessageToolbar
        count={targets.length}
        isAllRead={targets.length > 0 && targets.every((row) => row.keywords.$seen === true)}
        isAnyFlagged={targets.some((row) => row.keywords.$flagged === true)}
        mailbox={mailbox}
        mailboxes={mailboxes}
        onAction={act}
      />
      {total === 0 ? (
        <p className="list-empty">{query.isSearch ? t('search.none') : t('list.empty')}</p>
      ) : (
        <div
          ref={viewport}
          className="list-viewport"
          role="listbox"
          aria-multiselectable="true"
          tabIndex={0}
          aria-label={mailbox === undefined ? t('search.results') : t('list.label', { folder: mailbox.name })}
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

/** A search snippet's text with its matched words marked. */
function Highlighted({ snippet }: { readonly snippet: string }) {
  return (
    <>
      {snippetParts(snippet).map((part, index) =>
        part.isMark ? <mark key={index}>{part.text}</mark> : <span key={index}>{part.text}</span>,
      )}
    </>
  );
}
