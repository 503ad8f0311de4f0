// Settings: a list of sections on the side (a row of tabs on a phone) and the chosen one. Each section's code
// loads when it is opened; none of it is in the first page load.

import { type ComponentType, lazy, Suspense } from 'react';
import { useTranslation } from 'react-i18next';
import { routeHash, SETTINGS_SECTIONS, type SettingsSection } from '../app/routes.ts';
import type { ScreenProps } from '../app/screen-props.ts';

export interface SettingsScreenProps extends ScreenProps {
  readonly section: SettingsSection;
}

const SECTIONS: Readonly<Record<SettingsSection, ComponentType<ScreenProps>>> = {
  general: lazy(() => import('./mail/GeneralSettings.tsx').then((m) => ({ default: m.GeneralSettings }))),
  reading: lazy(() => import('./mail/ReadingSettings.tsx').then((m) => ({ default: m.ReadingSettings }))),
  identities: lazy(() =>
    import('./mail/IdentitySettings.tsx').then((m) => ({ default: m.IdentitySettings })),
  ),
  templates: lazy(() => import('./mail/TemplateSettings.tsx').then((m) => ({ default: m.TemplateSettings }))),
  security: lazy(() =>
    import('./security/SecuritySettings.tsx').then((m) => ({ default: m.SecuritySettings })),
  ),
  phone: lazy(() => import('./security/PhoneSetup.tsx').then((m) => ({ default: m.PhoneSetup }))),
};

export function SettingsScreen({ section, ...props }: SettingsScreenProps) {
  const { t } = useTranslation();
  const Section = SECTIONS[section];
  return (
    <div className="settings-screen">
      <nav className="settings-nav" aria-label={t('settingsNav.title')}>
        <h2>{t('settingsNav.title')}</h2>
        <ul>
          {SETTINGS_SECTIONS.map((candidate) => (
            <li key={candidate}>
              <a
                href={routeHash({ screen: 'settings', section: candidate })}
                aria-current={candidate === section ? 'page' : undefined}
              >
                {t(`settingsNav.${candidate}`)}
              </a>
            </li>
          ))}
        </ul>
      </nav>
      <main className="settings-section">
        <Suspense fallback={<p aria-busy="true">{t('app.loading')}</p>}>
          <Section key={section} {...props} />
        </Suspense>
      </main>
    </div>
  );
}
