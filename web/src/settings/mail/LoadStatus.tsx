// What a settings screen shows until it has read what it edits: a busy line, or the reason it could not and
// a button to try again.

import { useTranslation } from 'react-i18next';
import type { Loaded } from './use-load.ts';

export interface LoadStatusProps {
  readonly loaded: Loaded<unknown>;
  readonly onRetry: () => void;
}

export function LoadStatus({ loaded, onRetry }: LoadStatusProps) {
  const { t } = useTranslation();
  if (loaded.stage === 'loading') {
    return (
      <p className="settings-loading" aria-busy="true">
        {t('settingsMailCommon.loading')}
      </p>
    );
  }
  if (loaded.stage === 'failed') {
    return (
      <div className="settings-problem" role="alert">
        <p>{t('settingsMailCommon.loadFailed', { reason: loaded.reason })}</p>
        <button type="button" onClick={onRetry}>
          {t('settingsMailCommon.retry')}
        </button>
      </div>
    );
  }
  return null;
}
