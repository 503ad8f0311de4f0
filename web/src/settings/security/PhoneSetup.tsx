// Settings → Phone: what to type in a phone's mail app, from the server's own diagnostics (GET
// /auth/diagnostics `mailClients`: the IMAP and SMTP listeners under the public host name, TLS first, the user
// name, and whether an app password is needed), then the steps for iPhone Mail, the Gmail app and Outlook.
// When the account needs an app password, one is made here for the phone. The diagnostics give no
// calendar or contacts (CalDAV/CardDAV) address, so none is shown.

import { type FormEvent, useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ScreenProps } from '../../app/screen-props.ts';
import type { ClientEndpoint, MailClientSettings } from './auth-api.ts';
import { useFailureText } from './auth-failure.ts';
import { AppPasswordSecret } from './AppPasswordSecret.tsx';
import { MAX_APP_PASSWORD_NAME } from './AppPasswords.tsx';
import { LabelledField } from './LabelledField.tsx';
import { LoadStatus } from './LoadStatus.tsx';
import { useReauthentication } from './ReauthenticatePrompt.tsx';
import { ErrorAlert } from './SecurityMessage.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { SubmitActions } from './SubmitActions.tsx';
import { useAuthApi } from './use-auth-api.ts';
import { useLoaded } from './use-loaded.ts';
import { useSubmission } from './use-submission.ts';
import './security.css';

const SECURITY_NAMES: Readonly<Record<ClientEndpoint['security'], string>> = {
  tls: 'SSL/TLS',
  starttls: 'STARTTLS',
};

export function PhoneSetup({ csrfToken, onError }: ScreenProps) {
  const { t, i18n } = useTranslation();
  const api = useAuthApi(csrfToken, i18n.language);
  const { reauthenticated, prompt } = useReauthentication(api, onError);
  const failureText = useFailureText(onError);
  const readSettings = useCallback(async () => (await api.diagnostics()).mailClients, [api]);
  const loaded = useLoaded(readSettings, failureText);

  return (
    <div className="security-screen">
      <h2>{t('securityPhone.title')}</h2>
      <p>{t('securityPhone.intro')}</p>
      <LoadStatus loaded={loaded} />
      {loaded.state === 'ready' && (
        <>
          <PhoneSettings settings={loaded.value} />
          {loaded.value.needsAppPassword && (
            <PhoneAppPassword
              make={(name) => reauthenticated(() => api.createAppPassword(name, 'mail'))}
              failureText={failureText}
            />
          )}
          <PhoneSteps settings={loaded.value} />
        </>
      )}
      {prompt}
    </div>
  );
}

function PhoneSettings({ settings }: { readonly settings: MailClientSettings }) {
  const { t } = useTranslation();
  const endpoints = (list: readonly ClientEndpoint[], none: string) =>
    list.length === 0 ? (
      <dd className="security-warning">{none}</dd>
    ) : (
      list.map((endpoint, index) => (
        <dd key={`${endpoint.host}:${endpoint.port}`}>
          {t('securityPhone.endpoint', {
            host: endpoint.host,
            port: endpoint.port,
            security: SECURITY_NAMES[endpoint.security],
          })}
          {index === 0 && list.length > 1 && ` ${t('securityPhone.preferred')}`}
        </dd>
      ))
    );
  return (
    <SecuritySection title={t('securityPhone.settingsTitle')}>
      <dl className="security-settings-list">
        <dt>{t('securityPhone.userName')}</dt>
        <dd>
          <code>{settings.userName}</code>
        </dd>
        <dt>{t('securityPhone.password')}</dt>
        <dd>
          {settings.needsAppPassword ? t('securityPhone.passwordApp') : t('securityPhone.passwordAccount')}
        </dd>
        <dt>{t('securityPhone.incoming')}</dt>
        {endpoints(settings.imap, t('securityPhone.noImap'))}
        <dt>{t('securityPhone.outgoing')}</dt>
        {endpoints(settings.smtp, t('securityPhone.noSmtp'))}
        <dd>{t('securityPhone.outgoingSignIn')}</dd>
      </dl>
    </SecuritySection>
  );
}

interface PhoneAppPasswordProps {
  readonly make: (name: string) => Promise<{ appPassword: { name: string }; secret: string }>;
  readonly failureText: (error: unknown) => string | undefined;
}

function PhoneAppPassword({ make, failureText }: PhoneAppPasswordProps) {
  const { t } = useTranslation();
  const [name, setName] = useState(() => t('securityPhone.deviceName'));
  const [created, setCreated] = useState<{ name: string; secret: string } | undefined>(undefined);
  const { isBusy, message, run } = useSubmission<string>();
  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (name.trim() === '') return;
    void run(async () => {
      const answer = await make(name.trim());
      setCreated({ name: answer.appPassword.name, secret: answer.secret });
    }, failureText);
  };
  return (
    <SecuritySection title={t('securityPhone.appPasswordTitle')}>
      <p>{t('securityPhone.appPasswordExplain')}</p>
      {created !== undefined ? (
        <AppPasswordSecret name={created.name} secret={created.secret} onDone={() => setCreated(undefined)} />
      ) : (
        <form className="security-form" onSubmit={submit}>
          <LabelledField
            label={t('securityPhone.deviceLabel')}
            required
            maxLength={MAX_APP_PASSWORD_NAME}
            value={name}
            onValue={setName}
          />
          <ErrorAlert text={message} />
          <SubmitActions label={t('securityPhone.makeAppPassword')} isBusy={isBusy} />
        </form>
      )}
    </SecuritySection>
  );
}

function PhoneSteps({ settings }: { readonly settings: MailClientSettings }) {
  const { t } = useTranslation();
  const [imap, smtp] = [settings.imap[0], settings.smtp[0]];
  const words = useMemo(
    () => ({
      email: settings.userName,
      imapHost: imap?.host ?? '?',
      imapPort: imap?.port ?? '?',
      imapSecurity: imap === undefined ? '?' : SECURITY_NAMES[imap.security],
      smtpHost: smtp?.host ?? '?',
      smtpPort: smtp?.port ?? '?',
      smtpSecurity: smtp === undefined ? '?' : SECURITY_NAMES[smtp.security],
      password: settings.needsAppPassword
        ? t('securityPhone.theAppPassword')
        : t('securityPhone.yourPassword'),
    }),
    [settings, imap, smtp, t],
  );
  const apps = [
    {
      key: 'iphone',
      title: t('securityPhone.iphoneTitle'),
      steps: ['iphone1', 'iphone2', 'iphone3', 'iphone4'],
    },
    {
      key: 'gmail',
      title: t('securityPhone.gmailTitle'),
      steps: ['gmail1', 'gmail2', 'gmail3', 'gmail4', 'gmail5'],
    },
    {
      key: 'outlook',
      title: t('securityPhone.outlookTitle'),
      steps: ['outlook1', 'outlook2', 'outlook3', 'outlook4'],
    },
  ];
  return (
    <SecuritySection title={t('securityPhone.stepsTitle')}>
      {apps.map((app) => (
        <details key={app.key} className="security-phone-app">
          <summary>{app.title}</summary>
          <ol className="security-steps">
            {app.steps.map((step) => (
              <li key={step}>{t(`securityPhone.${step}`, words)}</li>
            ))}
          </ol>
        </details>
      ))}
    </SecuritySection>
  );
}
