// The folder tree of the side bar: each folder with its unread count and colour, the selected one marked.

import type { JmapMailbox } from '@vercors/contract';
import { useTranslation } from 'react-i18next';
import { colourOf } from './folder-colours.ts';
import { flattenTree, mailboxTree } from './mailbox-tree.ts';

export interface MailboxListProps {
  readonly mailboxes: readonly JmapMailbox[];
  readonly selectedId: string | undefined;
  readonly locale: string;
  onSelect(id: string): void;
}

export function MailboxList({ mailboxes, selectedId, locale, onSelect }: MailboxListProps) {
  const { t } = useTranslation();
  const rows = flattenTree(mailboxTree(mailboxes, locale));
  return (
    <ul className="folder-list">
      {rows.map(({ mailbox, depth }) => (
        <li key={mailbox.id}>
          <button
            type="button"
            className={mailbox.id === selectedId ? 'folder selected' : 'folder'}
            aria-current={mailbox.id === selectedId ? 'page' : undefined}
            style={{ paddingInlineStart: `${0.75 + depth}rem` }}
            onClick={() => onSelect(mailbox.id)}
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
