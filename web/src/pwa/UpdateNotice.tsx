// "Une nouvelle version est disponible — Recharger": shown when a new build's service worker waits
// (update-watcher.ts). Nothing is forced: the notice stays at the bottom of the screen, out of the way, until
// the person reloads; what they were writing survives the reload (the draft journal).

import { useSyncExternalStore } from 'react';
import { useTranslation } from 'react-i18next';
import { updateWatcher } from './register-service-worker.ts';
import './pwa.css';

const NEVER = () => () => undefined;
const NO = () => false;

export function UpdateNotice() {
  const { t } = useTranslation();
  const watcher = updateWatcher();
  const isWaiting = useSyncExternalStore(watcher?.subscribe ?? NEVER, watcher?.isWaiting ?? NO, NO);
  if (!isWaiting || watcher === undefined) return null;
  return (
    <div className="notice update-notice" role="status">
      <span>{t('pwa.updateReady')}</span>
      <button type="button" onClick={() => watcher.apply()}>
        {t('pwa.reload')}
      </button>
    </div>
  );
}
