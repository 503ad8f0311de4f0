// The form that creates or edits a card: for a person, names, e-mail addresses and phones (as many as wanted,
// each with its kind), organisation and function, postal address and note; for a group, its name. Saving an
// edit sends only what changed (contact-patch.ts), so what the form does not show stays on the card.

import { type FormEvent, useEffect, useId, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import type { CardView } from './card-display.ts';
import { isServerTrouble, refusalKey } from './contact-failure.ts';
import {
  type ContactForm,
  EMAIL_CONTEXTS,
  EMPTY_FORM,
  type FormProblem,
  formFromCard,
  formProblems,
  newCardFromForm,
  PHONE_KINDS,
} from './contact-form.ts';
import { cardPatch } from './contact-patch.ts';
import { createCard, updateCard } from './contacts-api.ts';
import { TypedEntryList, type TypedEntryText } from './TypedEntryList.tsx';

const EMAIL_TEXT: TypedEntryText = {
  legend: 'contactsForm.emails',
  value: 'contactsForm.emailN',
  kind: 'contactsForm.emailKindN',
  kindName: 'contactsForm.context_',
  remove: 'contactsForm.removeEmail',
  add: 'contactsForm.addEmail',
};
const PHONE_TEXT: TypedEntryText = {
  legend: 'contactsForm.phones',
  value: 'contactsForm.phoneN',
  kind: 'contactsForm.phoneKindN',
  kindName: 'contactsForm.phone_',
  remove: 'contactsForm.removePhone',
  add: 'contactsForm.addPhone',
};

export interface ContactEditorProps {
  readonly client: JmapClient;
  /** The book a new card goes to. */
  readonly addressBookId: string;
  /** The card edited; undefined for a new one of `kind`. */
  readonly card: CardView | undefined;
  readonly kind: 'individual' | 'group';
  onSaved(id: string): void;
  onCancel(): void;
  onError(error: unknown): void;
}

export function ContactEditor({
  client,
  addressBookId,
  card,
  kind,
  onSaved,
  onCancel,
  onError,
}: ContactEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const [initial] = useState<ContactForm>(() =>
    card === undefined
      ? { ...EMPTY_FORM, kind, ...(kind === 'group' && { emails: [], phones: [] }) }
      : formFromCard(card),
  );
  const [form, setForm] = useState<ContactForm>(initial);
  const [problems, setProblems] = useState<{ problem: FormProblem; index?: number }[]>([]);
  const [refusal, setRefusal] = useState<string | undefined>(undefined);
  const [isSaving, setIsSaving] = useState(false);
  useEffect(() => heading.current?.focus(), []);

  const set = <Key extends keyof ContactForm>(key: Key, value: ContactForm[Key]) =>
    setForm((current) => ({ ...current, [key]: value }));

  const save = async (event: FormEvent) => {
    event.preventDefault();
    const found = formProblems(form);
    setProblems(found);
    setRefusal(undefined);
    if (found.length > 0) return;
    setIsSaving(true);
    try {
      if (card === undefined) onSaved(await createCard(client, newCardFromForm(form, addressBookId)));
      else {
        await updateCard(client, card.id, cardPatch(card, initial, form));
        onSaved(card.id);
      }
    } catch (error) {
      if (isServerTrouble(error)) onError(error);
      setRefusal(t(refusalKey(error)));
    } finally {
      setIsSaving(false);
    }
  };

  const isGroup = form.kind !== 'individual';
  const emailInvalid = (index: number) =>
    problems.some((problem) => problem.problem === 'email' && problem.index === index);
  const field = (
    key: 'given' | 'surname' | 'organization' | 'title' | 'street' | 'postcode' | 'locality' | 'country',
    autoComplete: string,
  ) => (
    <label className="form-field">
      <span>{t(`contactsForm.${key}`)}</span>
      <input
        value={form[key]}
        autoComplete={autoComplete}
        onChange={(event) => set(key, event.target.value)}
      />
    </label>
  );

  return (
    <form className="contact-editor" onSubmit={(event) => void save(event)} noValidate>
      <h2 ref={heading} tabIndex={-1}>
        {card === undefined
          ? t(isGroup ? 'contactsForm.newGroup' : 'contactsForm.newContact')
          : t(isGroup ? 'contactsForm.editGroup' : 'contactsForm.editContact')}
      </h2>
      {problems.length > 0 && (
        <ul className="contacts-error" role="alert">
          {[...new Set(problems.map((problem) => problem.problem))].map((problem) => (
            <li key={problem}>{t(`contactsForm.problem_${problem}`)}</li>
          ))}
        </ul>
      )}
      {isGroup ? (
        <label className="form-field">
          <span>{t('contactsForm.groupName')}</span>
          <input
            value={form.name}
            required
            aria-invalid={problems.some((problem) => problem.problem === 'groupName')}
            onChange={(event) => set('name', event.target.value)}
          />
        </label>
      ) : (
        <>
          <div className="form-row">
            {field('given', 'off')}
            {field('surname', 'off')}
          </div>
          <TypedEntryList
            entries={form.emails}
            valueKey="address"
            kindKey="context"
            kinds={EMAIL_CONTEXTS}
            inputType="email"
            blank={{ id: null, address: '', context: 'work' }}
            text={EMAIL_TEXT}
            isInvalid={emailInvalid}
            onChange={(emails) => set('emails', emails)}
          />
          <TypedEntryList
            entries={form.phones}
            valueKey="number"
            kindKey="kind"
            kinds={PHONE_KINDS}
            inputType="tel"
            blank={{ id: null, number: '', kind: 'mobile' }}
            text={PHONE_TEXT}
            onChange={(phones) => set('phones', phones)}
          />
          <div className="form-row">
            {field('organization', 'off')}
            {field('title', 'off')}
          </div>
          <fieldset className="form-list">
            <legend>{t('contactsForm.address')}</legend>
            {field('street', 'off')}
            <div className="form-row">
              {field('postcode', 'off')}
              {field('locality', 'off')}
            </div>
            {field('country', 'off')}
          </fieldset>
          <label className="form-field">
            <span>{t('contactsForm.note')}</span>
            <textarea value={form.note} rows={3} onChange={(event) => set('note', event.target.value)} />
          </label>
        </>
      )}
      {refusal !== undefined && (
        <p className="contacts-error" role="alert" id={`${id}-refusal`}>
          {refusal}
        </p>
      )}
      <div className="card-actions">
        <button type="submit" className="primary" disabled={isSaving}>
          {isSaving ? t('contactsForm.saving') : t('contactsForm.save')}
        </button>
        <button type="button" onClick={onCancel}>
          {t('contactsForm.cancel')}
        </button>
      </div>
    </form>
  );
}
