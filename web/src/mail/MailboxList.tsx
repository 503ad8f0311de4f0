// The folder tree of the side bar: each folder with its unread count and colour, the selected one marked.
// Conversations dragged from the list drop onto a folder (moved there).

import type { JmapMailbox } from '@vercors/contract';
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { DRAGGED_ROWS, type DraggedRows, readDraggedRows } from './dragged-rows.ts';
import { colourOf } from './folder-colours.ts';
import { flattenTree, mailboxTree } from './mailbox-tree.ts';

export interface MailboxListProps {
  readonly mailboxes: readonly JmapMailbox[];
  readonly selectedId: string | undefined;
  readonly locale: string;
  onSelect(id: string): void;
  onDropRows(mailboxId: string, rows: DraggedRows): void;
}

export function MailboxList({ mailboxes, selectedId, locale, onSelect, onDropRows }: MailboxListProps) {
  const { t } = useTranslation();
  const [dropTarget, setDropTarget] = useState<string | undefined>(undefined);
  const rows = flattenTree(mailboxTree(mailboxes, locale));
  return (
    <ul className="folder-list">
      {rows.map(({ mailbox, depth }) => (
        <li key={mailbox.id}>
          <button
            type="button"
            className={`folder${mailbox.id === selectedId ? ' selected' : ''}${mailbox.id === dropTarget ? ' drop-target' : ''}`}
            aria-current={mailbox.id === selectedId ? 'page' : undefined}
            style={{ paddingInlineStart: `${0.75 + depth}rem` }}
            onClick={() => onSelect(mailbox.id)}
            onDragOver={(event) => {
              if (!event.dataTransfer.types.includes(DRAGGED_ROWS)) return;
              event.preventDefault();
              event.dataTransfer.dropEffect = 'move';
              setDropTarget(mailbox.id);
            }}
            onDragLeave={() => setDropTarget((current) => (current === mailbox.id ? undefined : current))}
            onDrop={(event) => {
              setDropTarget(undefined);
              const rows = readDraggedRows(event.dataTransfer.getData(DRAGGED_ROWS));
              if (rows === undefined) return;
              event.preventDefault();
              if (rows.from !== mailbox.id) onDropRows(mailbox.id, rows);
            }}
          >
            <span
              className="folder-colour"
              aria-hidden="true"
              style={{
                background: colourOf(mailbox.color) ?? 'transparent',
              }}
            />
            <span className="folder-name">{mailbox.name}</span>
            {mailbox.unreadEmails > 0 && (
              <span
                className="unread-count"
                aria-label={t('folders.unread', { count: mailbox.unreadEmails })}
              >
                {mailbox.unreadEmails}
              </span>
            )}
          </button>
        </li>
      ))}
    </ul>
  );
}
