// The end of a settings form: its save button (off while a save is under way), a cancel button for an editor
// that can be left, and the status line of the last save (SaveStatus.tsx).

import { useTranslation } from 'react-i18next';
import type { SaveOutcome } from './save-outcome.ts';
import { SaveStatus } from './SaveStatus.tsx';

export interface SaveActionsProps {
  readonly outcome: SaveOutcome;
  readonly saveLabel: string;
  /** The field labels by property name, for a refusal that names properties. */
  readonly fields: Readonly<Record<string, string>>;
  /** Leave without saving; a form that stays open has no cancel button. */
  readonly onCancel?: () => void;
}

export function SaveActions({ outcome, saveLabel, fields, onCancel }: SaveActionsProps) {
  const { t } = useTranslation();
  return (
    <>
      <div className="settings-actions">
        <button type="submit" className="primary" disabled={outcome.kind === 'saving'}>
          {saveLabel}
        </button>
        {onCancel !== undefined && (
          <button type="button" onClick={onCancel}>
            {t('settingsMailCommon.cancel')}
          </button>
        )}
      </div>
      <SaveStatus outcome={outcome} fields={fields} />
    </>
  );
}
