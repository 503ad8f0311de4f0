// The second check of the Security screen: the factors set up (authenticator apps, passkeys) with their
// creation and last use, adding one, removing one, and the recovery codes (how many are left, a new set).
// The first factor comes with recovery codes, shown once.

import { useCallback, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { FactorSetup, SecondFactorInfo } from './auth-api.ts';
import { useFailureText } from './auth-failure.ts';
import { ConfirmRemoveButton } from './ConfirmRemoveButton.tsx';
import { type FactorKind, NewSecondFactor } from './NewSecondFactor.tsx';
import { RecoveryCodesPanel } from './RecoveryCodesPanel.tsx';
import type { SectionProps } from './section-props.ts';
import { SecurityList } from './SecurityList.tsx';
import { SecurityListItem } from './SecurityListItem.tsx';
import { errorOutcome, type Outcome, OutcomeMessage } from './SecurityMessage.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { useLoaded } from './use-loaded.ts';

/** Below this many codes left, the screen suggests a new set. */
const FEW_RECOVERY_CODES = 3;

/** What `confirming` holds while replacing the recovery codes asks first (otherwise a factor's id). */
const RECOVERY_CODES = 'recovery-codes';

export function SecondFactors(props: SectionProps & { readonly accountEmail: string }) {
  const { accountEmail, ...section } = props;
  const { api, reauthenticated, onError, when } = section;
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const [version, setVersion] = useState(0);
  const readList = useCallback(() => api.secondFactors(), [api]);
  const listing = useLoaded(readList, failureText, version);
  const [adding, setAdding] = useState<FactorKind | undefined>(undefined);
  const [codes, setCodes] = useState<readonly string[] | undefined>(undefined);
  const [confirming, setConfirming] = useState<string | undefined>(undefined);
  const [message, setMessage] = useState<Outcome | undefined>(undefined);
  const reload = () => setVersion((current) => current + 1);

  const show = (error: unknown) => setMessage(errorOutcome(failureText(error)));
  const added = (setup: FactorSetup) => {
    setAdding(undefined);
    setMessage({ kind: 'done', text: t('securityFactors.added', { label: setup.factor.label }) });
    if (setup.recoveryCodes !== null) setCodes(setup.recoveryCodes);
    reload();
  };
  const remove = async (factor: SecondFactorInfo) => {
    setConfirming(undefined);
    setMessage(undefined);
    try {
      const { hasSecondFactor } = await reauthenticated(() => api.removeSecondFactor(factor.id));
      setMessage({
        kind: 'done',
        text: hasSecondFactor
          ? t('securityFactors.removed', { label: factor.label })
          : t('securityFactors.removedLast', { label: factor.label }),
      });
      reload();
    } catch (error) {
      show(error);
    }
  };
  const renewCodes = async () => {
    setConfirming(undefined);
    setMessage(undefined);
    try {
      setCodes(await reauthenticated(() => api.newRecoveryCodes()));
      reload();
    } catch (error) {
      show(error);
    }
  };

  const { factors, recoveryCodesLeft } =
    listing.state === 'ready' ? listing.value : { factors: [], recoveryCodesLeft: 0 };
  return (
    <SecuritySection title={t('securityFactors.title')}>
      <p>{t('securityFactors.explain')}</p>
      <SecurityList
        loaded={listing}
        items={factors}
        label={t('securityFactors.listLabel')}
        emptyText={t('securityFactors.none')}
      >
        {(factor) => (
          <SecurityListItem
            key={factor.id}
            title={factor.label}
            details={[
              factor.kind === 'totp' ? t('securityFactors.kindTotp') : t('securityFactors.kindPasskey'),
              t('securityFactors.createdAt', { date: when(factor.createdAt) }),
              factor.lastUsedAt === null
                ? t('securityFactors.neverUsed')
                : t('securityFactors.lastUsedAt', { date: when(factor.lastUsedAt) }),
            ]}
            actions={
              <ConfirmRemoveButton
                label={t('securityFactors.remove', { label: factor.label })}
                question={
                  factors.length === 1
                    ? t('securityFactors.confirmRemoveLast')
                    : t('securityFactors.confirmRemove')
                }
                confirmLabel={t('securityFactors.removeConfirm', { label: factor.label })}
                isConfirming={confirming === factor.id}
                onAsk={() => setConfirming(factor.id)}
                onConfirm={() => void remove(factor)}
                onCancel={() => setConfirming(undefined)}
              />
            }
          />
        )}
      </SecurityList>
      <OutcomeMessage outcome={message} />
      {codes !== undefined && (
        <RecoveryCodesPanel
          codes={codes}
          accountEmail={accountEmail}
          when={when}
          onDone={() => setCodes(undefined)}
        />
      )}
      {/* Once open, a setup stays open; the buttons wait for the list and for kept recovery codes. */}
      {(adding !== undefined || (codes === undefined && listing.state === 'ready')) && (
        <NewSecondFactor {...section} onDone={added} chosen={adding} onChoose={setAdding} />
      )}
      {listing.state === 'ready' && factors.length > 0 && codes === undefined && (
        <div className="security-subsection">
          <h4>{t('securityRecovery.heading')}</h4>
          <p className={recoveryCodesLeft <= FEW_RECOVERY_CODES ? 'security-warning' : undefined}>
            {t('securityRecovery.left', { count: recoveryCodesLeft })}
          </p>
          <div className="security-actions">
            <ConfirmRemoveButton
              label={t('securityRecovery.new')}
              question={t('securityRecovery.confirmNew')}
              confirmLabel={t('securityRecovery.newConfirm')}
              isConfirming={confirming === RECOVERY_CODES}
              onAsk={() => setConfirming(RECOVERY_CODES)}
              onConfirm={() => void renewCodes()}
              onCancel={() => setConfirming(undefined)}
            />
          </div>
        </div>
      )}
    </SecuritySection>
  );
}
