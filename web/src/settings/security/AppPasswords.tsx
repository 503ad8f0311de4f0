// App passwords on the Security screen: one per device for the mail, calendar and contacts apps that cannot
// do the web login (docs/access.md "Protocol clients: app passwords"): the list with each one's scope and last
// use, making one (its secret shown once), and revoking one.

import { type FormEvent, useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AppPasswordInfo, AppPasswordScope } from './auth-api.ts';
import { useFailureText } from './auth-failure.ts';
import { AppPasswordSecret } from './AppPasswordSecret.tsx';
import { ConfirmRemoveButton } from './ConfirmRemoveButton.tsx';
import { LabelledField } from './LabelledField.tsx';
import type { SectionProps } from './section-props.ts';
import { SecurityList } from './SecurityList.tsx';
import { SecurityListItem } from './SecurityListItem.tsx';
import { errorOutcome, type Outcome, OutcomeMessage } from './SecurityMessage.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { SubmitActions } from './SubmitActions.tsx';
import { useLoaded } from './use-loaded.ts';
import { useSubmission } from './use-submission.ts';

/** The server's bound on a device name (APP_PASSWORD_LIMITS.maxNameLength). */
export const MAX_APP_PASSWORD_NAME = 64;

/** The protocols' own names, the same in every language. */
const PROTOCOL_NAMES: Readonly<Record<string, string>> = {
  imap: 'IMAP',
  smtp: 'SMTP',
  jmap: 'JMAP',
  dav: 'CalDAV/CardDAV',
  managesieve: 'ManageSieve',
};

const SCOPE_KEYS: Readonly<Record<AppPasswordScope, string>> = {
  mail: 'securityAppPasswords.scopeMail',
  dav: 'securityAppPasswords.scopeDav',
  all: 'securityAppPasswords.scopeAll',
};

export function AppPasswords({ api, reauthenticated, onError, when }: SectionProps) {
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const [version, setVersion] = useState(0);
  const readList = useCallback(() => api.appPasswords(), [api]);
  const listing = useLoaded(readList, failureText, version);
  const [name, setName] = useState('');
  const [scope, setScope] = useState<AppPasswordScope>('mail');
  const [created, setCreated] = useState<{ name: string; secret: string } | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const { isBusy, message, setMessage, run } = useSubmission<Outcome>();

  const create = (event: FormEvent) => {
    event.preventDefault();
    const device = name.trim();
    if (device === '') return;
    void run(
      async () => {
        const answer = await reauthenticated(() => api.createAppPassword(device, scope));
        setCreated({ name: answer.appPassword.name, secret: answer.secret });
        setName('');
        setVersion((current) => current + 1);
      },
      (error) => errorOutcome(failureText(error)),
    );
  };
  const revoke = async (appPassword: AppPasswordInfo) => {
    setConfirming(undefined);
    setMessage(undefined);
    try {
      await api.revokeAppPassword(appPassword.id);
      setMessage({ kind: 'done', text: t('securityAppPasswords.revoked', { name: appPassword.name }) });
      setVersion((current) => current + 1);
    } catch (error) {
      setMessage(errorOutcome(failureText(error)));
    }
  };
  const lastUse = (appPassword: AppPasswordInfo) => {
    const used = appPassword.lastUsed;
    if (used === null) return t('securityAppPasswords.neverUsed');
    return t('securityAppPasswords.lastUsed', {
      date: when(used.at),
      address: used.address ?? t('securityCommon.unknownAddress'),
      protocol: used.protocol === null ? '?' : (PROTOCOL_NAMES[used.protocol] ?? used.protocol),
    });
  };

  return (
    <SecuritySection title={t('securityAppPasswords.title')}>
      <p>{t('securityAppPasswords.explain')}</p>
      <SecurityList
        loaded={listing}
        items={listing.state === 'ready' ? listing.value : []}
        label={t('securityAppPasswords.listLabel')}
        emptyText={t('securityAppPasswords.none')}
      >
        {(appPassword) => (
          <SecurityListItem
            key={appPassword.id}
            title={appPassword.name}
            details={[
              t(SCOPE_KEYS[appPassword.scope] ?? SCOPE_KEYS.mail),
              t('securityAppPasswords.createdAt', { date: when(appPassword.createdAt) }),
              lastUse(appPassword),
            ]}
            actions={
              <ConfirmRemoveButton
                label={t('securityAppPasswords.revoke', { name: appPassword.name })}
                question={t('securityAppPasswords.confirmRevoke')}
                confirmLabel={t('securityAppPasswords.revokeConfirm', { name: appPassword.name })}
                isConfirming={confirming === appPassword.id}
                onAsk={() => setConfirming(appPassword.id)}
                onConfirm={() => void revoke(appPassword)}
                onCancel={() => setConfirming(undefined)}
              />
            }
          />
        )}
      </SecurityList>
      <OutcomeMessage outcome={message} />
      {created !== undefined ? (
        <AppPasswordSecret name={created.name} secret={created.secret} onDone={() => setCreated(undefined)} />
      ) : (
        <form className="security-form" onSubmit={create}>
          <h4>{t('securityAppPasswords.newTitle')}</h4>
          <LabelledField
            label={t('securityAppPasswords.name')}
            required
            maxLength={MAX_APP_PASSWORD_NAME}
            placeholder={t('securityAppPasswords.namePlaceholder')}
            value={name}
            onValue={setName}
          />
          <label className="security-field">
            {t('securityAppPasswords.scope')}
            <select value={scope} onChange={(event) => setScope(event.target.value as AppPasswordScope)}>
              {(Object.keys(SCOPE_KEYS) as AppPasswordScope[]).map((option) => (
                <option key={option} value={option}>
                  {t(SCOPE_KEYS[option])}
                </option>
              ))}
            </select>
          </label>
          <SubmitActions label={t('securityAppPasswords.create')} isBusy={isBusy} />
        </form>
      )}
    </SecuritySection>
  );
}
