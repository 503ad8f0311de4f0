// Changing the account password (POST /auth/password): the current one, the new one twice. The server's
// policy says why a new password is refused (too short, too common, built on the name…), in its words. A
// change ends every other web session; app passwords keep working.

import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFailureText } from './auth-failure.ts';
import { PasswordField } from './LabelledField.tsx';
import type { SectionProps } from './section-props.ts';
import { errorOutcome, type Outcome, OutcomeMessage } from './SecurityMessage.tsx';
import { SecuritySection } from './SecuritySection.tsx';
import { SubmitActions } from './SubmitActions.tsx';
import { useSubmission } from './use-submission.ts';

export function PasswordChange({
  api,
  onError,
  onChanged,
}: SectionProps & { readonly onChanged: () => void }) {
  const { t } = useTranslation();
  const failureText = useFailureText(onError);
  const hintId = useId();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [again, setAgain] = useState('');
  const { isBusy, message, setMessage, run } = useSubmission<Outcome>();

  const submit = (event: FormEvent) => {
    event.preventDefault();
    if (next !== again) {
      setMessage({ kind: 'error', text: t('securityPassword.mismatch') });
      return;
    }
    void run(
      async () => {
        await api.changePassword(current, next);
        setCurrent('');
        setNext('');
        setAgain('');
        setMessage({ kind: 'done', text: t('securityPassword.changed') });
        onChanged();
      },
      (error) => errorOutcome(failureText(error)),
    );
  };

  return (
    <SecuritySection title={t('securityPassword.title')}>
      <p id={hintId}>{t('securityPassword.explain')}</p>
      <form className="security-form" onSubmit={submit}>
        <PasswordField
          label={t('securityPassword.current')}
          autoComplete="current-password"
          value={current}
          onValue={setCurrent}
        />
        <PasswordField
          label={t('securityPassword.new')}
          autoComplete="new-password"
          aria-describedby={hintId}
          value={next}
          onValue={setNext}
        />
        <PasswordField
          label={t('securityPassword.again')}
          autoComplete="new-password"
          value={again}
          onValue={setAgain}
        />
        <OutcomeMessage outcome={message} />
        <SubmitActions label={t('securityPassword.submit')} isBusy={isBusy} />
      </form>
    </SecuritySection>
  );
}
