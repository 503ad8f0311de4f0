// The buttons at the foot of a Security form: the submit button, which waits while its request runs, and
// Cancel where the form can be left without sending it.

import { useTranslation } from 'react-i18next';

export interface SubmitActionsProps {
  readonly label: string;
  readonly isBusy: boolean;
  /** Leaves the form; without it there is no Cancel button. */
  readonly onCancel?: () => void;
}

export function SubmitActions({ label, isBusy, onCancel }: SubmitActionsProps) {
  const { t } = useTranslation();
  return (
    <div className="security-actions">
      <button type="submit" className="primary" disabled={isBusy}>
        {label}
      </button>
      {onCancel !== undefined && (
        <button type="button" onClick={onCancel}>
          {t('securityCommon.cancel')}
        </button>
      )}
    </div>
  );
}
