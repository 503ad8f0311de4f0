// A new app password, shown the only time it ever is: the secret to type or paste into the device, a copy
// button, and the warning that it will not be shown again.

import { useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import { CopyButton } from './CopyButton.tsx';

export interface AppPasswordSecretProps {
  readonly name: string;
  readonly secret: string;
  readonly onDone: () => void;
}

export function AppPasswordSecret({ name, secret, onDone }: AppPasswordSecretProps) {
  const { t } = useTranslation();
  const titleId = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => heading.current?.focus(), []);
  return (
    <section className="security-secret-box" aria-labelledby={titleId}>
      <h4 id={titleId} ref={heading} tabIndex={-1}>
        {t('securityAppPasswords.secretTitle', { name })}
      </h4>
      <p className="security-secret">
        <code>{secret}</code>
      </p>
      <p className="security-warning">{t('securityAppPasswords.secretWarning')}</p>
      <div className="security-actions">
        <CopyButton text={secret} label={t('securityAppPasswords.copy')} />
        <button type="button" className="primary" onClick={onDone}>
          {t('securityAppPasswords.secretDone')}
        </button>
      </div>
    </section>
  );
}
