// Recovery codes, shown once (with the first second factor, or on request): the list, and ways to keep it:
// copy, print (this panel alone), download as a .txt file. The person says when they have kept them.

import { useEffect, useId, useMemo, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.tsx';
import { recoveryCodesText } from './recovery-codes-file.ts';
import type { DateTimeText } from './security-dates.ts';

/** Set on <html> while printing: the print style sheet then shows this panel alone. */
const PRINTING_CLASS = 'security-printing-codes';

export interface RecoveryCodesPanelProps {
  readonly codes: readonly string[];
  readonly accountEmail: string | undefined;
  readonly when: DateTimeText;
  readonly onDone: () => void;
}

export function RecoveryCodesPanel({ codes, accountEmail, when, onDone }: RecoveryCodesPanelProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [madeAt] = useState(() => new Date().toISOString());
  const text = useMemo(
    () =>
      recoveryCodesText({
        title: t('securityRecovery.fileTitle'),
        account: t('securityRecovery.fileAccount', { email: accountEmail ?? '' }),
        created: t('securityRecovery.fileCreated', { date: when(madeAt) }),
        advice: t('securityRecovery.advice'),
        codes,
      }),
    [t, accountEmail, when, madeAt, codes],
  );
  const [downloadUrl, setDownloadUrl] = useState<string | undefined>(undefined);
  useEffect(() => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain;charset=utf-8' }));
    setDownloadUrl(url);
    return () => URL.revokeObjectURL(url);
  }, [text]);
  // Shown once: the focus comes here so nobody misses them.
  useEffect(() => heading.current?.focus(), []);

  const print = () => {
    const root = document.documentElement;
    root.classList.add(PRINTING_CLASS);
    window.addEventListener('afterprint', () => root.classList.remove(PRINTING_CLASS), { once: true });
    window.print();
  };

  return (
    <section className="security-recovery-codes" aria-labelledby={titleId}>
      <h4 id={titleId} ref={heading} tabIndex={-1}>
        {t('securityRecovery.title')}
      </h4>
      <p>{t('securityRecovery.explain')}</p>
      <p className="security-warning">{t('securityRecovery.onlyNow')}</p>
      <ol className="security-codes">
        {codes.map((code) => (
          <li key={code}>
            <code>{code}</code>
          </li>
        ))}
      </ol>
      <div className="security-actions security-no-print">
        <CopyButton text={codes.join('\n')} label={t('securityRecovery.copy')} />
        <button type="button" onClick={print}>
          {t('securityRecovery.print')}
        </button>
        {downloadUrl !== undefined && (
          <a className="security-button-link" href={downloadUrl} download={t('securityRecovery.fileName')}>
            {t('securityRecovery.download')}
          </a>
        )}
        <button type="button" className="primary" onClick={onDone}>
          {t('securityRecovery.done')}
        </button>
      </div>
    </section>
  );
}
