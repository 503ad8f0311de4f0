// Settings → Security: the password, the second check (authenticator apps, passkeys, recovery codes), app
// passwords for mail apps, and the open web sessions, all through the identity endpoints (docs/access.md).
// Sensitive changes ask for the password again when the server wants it (one prompt for the whole screen).

import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.ts';
import { AppPasswords } from './AppPasswords.tsx';
import { PasswordChange } from './PasswordChange.tsx';
import { useReauthentication } from './ReauthenticatePrompt.tsx';
import { SecondFactors } from './SecondFactors.tsx';
import type { SectionProps } from './section-props.ts';
import { dateTimeText } from './security-dates.ts';
import { useAuthApi } from './use-auth-api.ts';
import { WebSessions } from './WebSessions.tsx';
import './security.css';

export function SecuritySettings({ account, csrfToken, onError }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const api = useAuthApi(csrfToken, i18n.language);
  const { reauthenticated, prompt } = useReauthentication(api, onError);
  const when = useMemo(
    () => dateTimeText(i18n.language, account.timeZone),
    [i18n.language, account.timeZone],
  );
  // A password change ends the other sessions: their list is read again.
  const [sessionsVersion, setSessionsVersion] = useState(0);
  const section: SectionProps = { api, reauthenticated, onError, when };

  return (
    <div className="security-screen">
      <h2>{t('securityScreen.title')}</h2>
      <p>
        {t('securityScreen.intro')} <a href="#/settings/phone">{t('securityScreen.phoneLink')}</a>
      </p>
      <PasswordChange {...section} onChanged={() => setSessionsVersion((current) => current + 1)} />
      <SecondFactors {...section} accountEmail={account.email} />
      <AppPasswords {...section} />
      <WebSessions {...section} version={sessionsVersion} />
      {prompt}
    </div>
  );
}
