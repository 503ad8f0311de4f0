// One sending identity's own fields (Identity/set, docs/jmap.md "Identities"): the name recipients see, and
// the Reply-To and Bcc lists (one address a line). The address itself never changes. A refused save keeps
// what was typed.

import type { JmapIdentity } from '@vercors/contract';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../../jmap/jmap-client.ts';
import { MAX_IDENTITY_ADDRESSES, parseAddressList, formatAddressList } from './address-list.ts';
import { BoundedField } from './BoundedField.tsx';
import { runSet } from './run-set.ts';
import type { SaveOutcome } from './save-outcome.ts';
import { SaveActions } from './SaveActions.tsx';
import { textProblem } from './text-bounds.ts';

/** Bytes of an identity's name (it goes into From). */
const MAX_IDENTITY_NAME_BYTES = 255;

export interface IdentityFormProps {
  readonly client: JmapClient;
  readonly identity: JmapIdentity;
  onSaved(identity: JmapIdentity): void;
  onError(error: unknown): void;
}

export function IdentityForm({ client, identity, onSaved, onError }: IdentityFormProps) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(identity.name);
  const [replyTo, setReplyTo] = useState(() => formatAddressList(identity.replyTo));
  const [bcc, setBcc] = useState(() => formatAddressList(identity.bcc));
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  const [isChecked, setIsChecked] = useState(false);
  const parsedReplyTo = parseAddressList(replyTo);
  const parsedBcc = parseAddressList(bcc);
  const fields = {
    name: t('settingsIdentities.name'),
    replyTo: t('settingsIdentities.replyTo'),
    bcc: t('settingsIdentities.bcc'),
  };

  const listProblem = (parsed: ReturnType<typeof parseAddressList>): string | undefined =>
    !('problem' in parsed)
      ? undefined
      : parsed.problem === 'tooMany'
        ? t('settingsIdentities.tooManyAddresses', { max: MAX_IDENTITY_ADDRESSES })
        : t('settingsIdentities.badAddress', { line: parsed.line });

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setIsChecked(true);
    if (
      'problem' in parsedReplyTo ||
      'problem' in parsedBcc ||
      textProblem(name, 'line', MAX_IDENTITY_NAME_BYTES) !== undefined
    )
      return;
    const patch = { name, replyTo: parsedReplyTo.addresses, bcc: parsedBcc.addresses };
    setOutcome({ kind: 'saving' });
    const [result, answer] = await runSet(
      client,
      'Identity/set',
      { update: { [identity.id]: patch } },
      onError,
    );
    setOutcome(result);
    if (answer !== undefined) onSaved({ ...identity, ...patch });
  };

  const addressField = (
    key: 'replyTo' | 'bcc',
    value: string,
    setValue: (value: string) => void,
    problem: string | undefined,
  ) => (
    <div className="settings-field">
      <label htmlFor={`${id}-${key}`}>{fields[key]}</label>
      <textarea
        id={`${id}-${key}`}
        rows={2}
        value={value}
        spellCheck={false}
        aria-invalid={isChecked && problem !== undefined}
        aria-describedby={`${id}-${key}-hint${isChecked && problem !== undefined ? ` ${id}-${key}-problem` : ''}`}
        onChange={(event) => {
          setValue(event.target.value);
          setOutcome({ kind: 'idle' });
        }}
      />
      <p className="settings-hint" id={`${id}-${key}-hint`}>
        {t(key === 'replyTo' ? 'settingsIdentities.replyToHint' : 'settingsIdentities.bccHint')}
      </p>
      {isChecked && problem !== undefined && (
        <p className="settings-field-problem" id={`${id}-${key}-problem`}>
          {problem}
        </p>
      )}
    </div>
  );

  return (
    <form className="settings-form" onSubmit={(event) => void save(event)} noValidate>
      <BoundedField
        label={fields.name}
        hint={t('settingsIdentities.nameHint')}
        value={name}
        form="line"
        maxBytes={MAX_IDENTITY_NAME_BYTES}
        onChange={(value) => {
          setName(value);
          setOutcome({ kind: 'idle' });
        }}
      />
      {addressField('replyTo', replyTo, setReplyTo, listProblem(parsedReplyTo))}
      {addressField('bcc', bcc, setBcc, listProblem(parsedBcc))}
      <SaveActions outcome={outcome} saveLabel={t('settingsIdentities.save')} fields={fields} />
    </form>
  );
}
