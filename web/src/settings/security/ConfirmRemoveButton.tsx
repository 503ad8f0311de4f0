// A removal that asks first (revoking an app password, removing a second factor, replacing the recovery
// codes): the button, then in its place the question in words, the button that does it and Cancel. The
// section holds which one is asking, so that only one asks at a time.

import { useTranslation } from 'react-i18next';

export interface ConfirmRemoveButtonProps {
  /** "Révoquer Thunderbird au bureau" */
  readonly label: string;
  /** "Révoquer ce mot de passe d’application ?" */
  readonly question: string;
  /** "Oui, révoquer Thunderbird au bureau" */
  readonly confirmLabel: string;
  readonly isConfirming: boolean;
  onAsk(): void;
  onConfirm(): void;
  onCancel(): void;
}

export function ConfirmRemoveButton(props: ConfirmRemoveButtonProps) {
  const { t } = useTranslation();
  if (!props.isConfirming) {
    return (
      <button type="button" onClick={() => props.onAsk()}>
        {props.label}
      </button>
    );
  }
  return (
    <>
      <span>{props.question}</span>
      <button type="button" onClick={() => props.onConfirm()}>
        {props.confirmLabel}
      </button>
      <button type="button" onClick={() => props.onCancel()}>
        {t('securityCommon.cancel')}
      </button>
    </>
  );
}
