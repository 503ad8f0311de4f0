// The buttons of one signature or template in its list: move up, move down, edit, delete; deleting asks
// first, in words, with the name of what goes. Each button's accessible name carries the item's name.

import { useTranslation } from 'react-i18next';

export interface ItemActionsProps {
  readonly name: string;
  readonly isFirst: boolean;
  readonly isLast: boolean;
  readonly isBusy: boolean;
  readonly isConfirmingDelete: boolean;
  /** "Supprimer la signature « … » ?" */
  readonly deleteQuestion: string;
  onMove(delta: -1 | 1): void;
  onEdit(): void;
  onAskDelete(): void;
  onConfirmDelete(): void;
  onCancelDelete(): void;
}

export function ItemActions(props: ItemActionsProps) {
  const { t } = useTranslation();
  const { name, isBusy } = props;
  if (props.isConfirmingDelete) {
    return (
      <div className="settings-actions settings-confirm">
        <span>{props.deleteQuestion}</span>
        <button type="button" className="danger" disabled={isBusy} autoFocus onClick={props.onConfirmDelete}>
          {t('settingsMailCommon.confirmDelete')}
        </button>
        <button type="button" onClick={props.onCancelDelete}>
          {t('settingsMailCommon.cancel')}
        </button>
      </div>
    );
  }
  return (
    <div className="settings-actions">
      <button
        type="button"
        disabled={props.isFirst || isBusy}
        aria-label={t('settingsMailCommon.moveUp', { name })}
        onClick={() => props.onMove(-1)}
      >
        {t('settingsMailCommon.up')}
      </button>
      <button
        type="button"
        disabled={props.isLast || isBusy}
        aria-label={t('settingsMailCommon.moveDown', { name })}
        onClick={() => props.onMove(1)}
      >
        {t('settingsMailCommon.down')}
      </button>
      <button type="button" aria-label={t('settingsMailCommon.editNamed', { name })} onClick={props.onEdit}>
        {t('settingsMailCommon.edit')}
      </button>
      <button
        type="button"
        aria-label={t('settingsMailCommon.deleteNamed', { name })}
        onClick={props.onAskDelete}
      >
        {t('settingsMailCommon.delete')}
      </button>
    </div>
  );
}
