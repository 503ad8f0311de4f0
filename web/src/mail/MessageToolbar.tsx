// The actions on the selected conversations (or the open one): read, flag, archive, delete, junk, move.
// Each button says what it does in words; the same actions have keyboard shortcuts in the list.

import type { JmapMailbox } from '@vercors/contract';
import { useTranslation } from 'react-i18next';
import type { MailAction, SimpleAction } from './email-actions.ts';
import { FolderOptions } from './FolderOptions.tsx';

export interface MessageToolbarProps {
  readonly count: number;
  readonly isAllRead: boolean;
  readonly isAnyFlagged: boolean;
  /** The folder shown; undefined for search results. */
  readonly mailbox: JmapMailbox | undefined;
  readonly mailboxes: readonly JmapMailbox[];
  onAction(action: MailAction): void;
}

export function MessageToolbar({
  count,
  isAllRead,
  isAnyFlagged,
  mailbox,
  mailboxes,
  onAction,
}: MessageToolbarProps) {
  const { t } = useTranslation();
  const isDisabled = count === 0;
  const button = (action: SimpleAction, label: string) => (
    <button type="button" disabled={isDisabled} onClick={() => onAction({ kind: action })}>
      {label}
    </button>
  );
  return (
    <div className="toolbar" role="toolbar" aria-label={t('actions.toolbar')}>
      {count > 1 && <span className="selection-count">{t('list.selected', { count })}</span>}
      {isAllRead ? button('unread', t('actions.unread')) : button('read', t('actions.read'))}
      {isAnyFlagged ? button('unflag', t('actions.unflag')) : button('flag', t('actions.flag'))}
      {mailbox?.role !== 'archive' && button('archive', t('actions.archive'))}
      {button('trash', t('actions.trash'))}
      {mailbox?.role === 'junk' ? button('notJunk', t('actions.notJunk')) : button('junk', t('actions.junk'))}
      <select
        aria-label={t('actions.moveTo')}
        disabled={isDisabled}
        value=""
        onChange={(event) => {
          if (event.target.value !== '') onAction({ kind: 'move', mailboxId: event.target.value });
        }}
      >
        <option value="">{t('actions.moveTo')}</option>
        <FolderOptions mailboxes={mailboxes} exclude={new Set(mailbox === undefined ? [] : [mailbox.id])} />
      </select>
    </div>
  );
}
