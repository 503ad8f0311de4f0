// Adding a second factor, on the Security screen and in the enrolment a login asks for: a button for each kind
// this browser can set up (an authenticator app; a passkey where WebAuthn is at hand), then the chosen kind's
// setup in place of the buttons. The caller holds the choice; cancelling a setup goes back to the buttons.

import { useCallback } from 'react';
import { useTranslation } from 'react-i18next';
import { isPasskeySupported, PasskeySetup } from './PasskeySetup.tsx';
import { type FactorSetupProps, TotpSetup } from './TotpSetup.tsx';

export type FactorKind = 'totp' | 'passkey';

export interface NewSecondFactorProps extends Omit<FactorSetupProps, 'onCancel'> {
  /** The kind being set up; none while the buttons show. */
  readonly chosen: FactorKind | undefined;
  readonly onChoose: (kind: FactorKind | undefined) => void;
  /** The enrolment's first factor: the authenticator app is the button to press. */
  readonly isRequired?: boolean;
}

export function NewSecondFactor({ chosen, onChoose, isRequired = false, ...setup }: NewSecondFactorProps) {
  const { t } = useTranslation();
  const backToChoice = useCallback(() => onChoose(undefined), [onChoose]);
  if (chosen === 'totp') return <TotpSetup {...setup} onCancel={backToChoice} />;
  if (chosen === 'passkey') return <PasskeySetup {...setup} onCancel={backToChoice} />;
  return (
    <div className="security-actions">
      <button type="button" className={isRequired ? 'primary' : undefined} onClick={() => onChoose('totp')}>
        {t('securityFactors.addTotp')}
      </button>
      {isPasskeySupported() && (
        <button type="button" onClick={() => onChoose('passkey')}>
          {t('securityFactors.addPasskey')}
        </button>
      )}
    </div>
  );
}
