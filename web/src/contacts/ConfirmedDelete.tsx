// Deleting a contact or a group asks twice: the first button gives way to a danger button naming what goes
// ("Confirmer la suppression de …") and "Annuler", which brings the first button back.

import { useState } from 'react';
import { useTranslation } from 'react-i18next';

export interface ConfirmedDeleteProps {
  /** The first button: "Supprimer". */
  readonly label: string;
  /** The button that deletes, naming what goes. */
  readonly confirmLabel: string;
  /** A change under way: the deleting button waits. */
  readonly isBusy?: boolean;
  onDelete(): void;
}

export function ConfirmedDelete({ label, confirmLabel, isBusy, onDelete }: ConfirmedDeleteProps) {
  const { t } = useTranslation();
  const [isConfirming, setIsConfirming] = useState(false);
  if (!isConfirming) {
    return (
      <button type="button" onClick={() => setIsConfirming(true)}>
        {label}
      </button>
    );
  }
  return (
    <>
      <button type="button" className="danger" disabled={isBusy} onClick={onDelete}>
        {confirmLabel}
      </button>
      <button type="button" onClick={() => setIsConfirming(false)}>
        {t('contactsForm.cancel')}
      </button>
    </>
  );
}
