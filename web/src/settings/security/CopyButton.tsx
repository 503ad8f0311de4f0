// Copy a secret or the recovery codes to the clipboard, saying so (or saying to copy by hand when the browser
// refuses) in a polite live region a screen reader reads out.

import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';

/** Long enough to read "Copied", short enough not to linger over the next copy. */
const CONFIRMATION_MS = 4000;

export function CopyButton({ text, label }: { readonly text: string; readonly label: string }) {
  const { t } = useTranslation();
  const [outcome, setOutcome] = useState<'none' | 'copied' | 'failed'>('none');
  useEffect(() => {
    if (outcome === 'none') return;
    const timer = window.setTimeout(() => setOutcome('none'), CONFIRMATION_MS);
    return () => window.clearTimeout(timer);
  }, [outcome]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setOutcome('copied');
    } catch {
      setOutcome('failed');
    }
  };
  return (
    <span className="security-copy">
      <button type="button" onClick={() => void copy()}>
        {label}
      </button>
      <span role="status" className="security-copy-status">
        {outcome === 'copied'
          ? t('securityCommon.copied')
          : outcome === 'failed'
            ? t('securityCommon.copyFailed')
            : ''}
      </span>
    </span>
  );
}
