// Writing one signature (docs/jmap.md "Vercors additions", Signature): its name in the composer's switcher,
// the text form, an optional HTML form edited as source with a sanitised preview, who it is for (colleagues,
// outside) and its tone. The fields stay as typed until the save succeeds.

import type { JmapSignature, SignatureTone } from '@vercors/contract';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoundedField } from './BoundedField.tsx';
import { HtmlPreview } from './HtmlPreview.tsx';
import type { SaveOutcome } from './save-outcome.ts';
import { SaveActions } from './SaveActions.tsx';
import { textProblem } from './text-bounds.ts';
import type { SignatureBounds } from './vercors-bounds.ts';

export type SignatureFields = Pick<
  JmapSignature,
  'name' | 'textSignature' | 'htmlSignature' | 'useForInternal' | 'useForExternal' | 'tone'
>;

export const NEW_SIGNATURE: SignatureFields = {
  name: '',
  textSignature: '',
  htmlSignature: '',
  useForInternal: true,
  useForExternal: true,
  tone: null,
};

export interface SignatureEditorProps {
  readonly heading: string;
  readonly initial: SignatureFields;
  readonly bounds: SignatureBounds;
  /** Save; the editor stays open with what was typed unless the outcome is "saved". */
  onSave(fields: SignatureFields): Promise<SaveOutcome>;
  onCancel(): void;
}

export function SignatureEditor({ heading, initial, bounds, onSave, onCancel }: SignatureEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const [fields, setFields] = useState<SignatureFields>(() => ({
    name: initial.name,
    textSignature: initial.textSignature,
    htmlSignature: initial.htmlSignature,
    useForInternal: initial.useForInternal,
    useForExternal: initial.useForExternal,
    tone: initial.tone,
  }));
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  const [isChecked, setIsChecked] = useState(false);
  const change = (patch: Partial<SignatureFields>) => {
    setFields((current) => ({ ...current, ...patch }));
    setOutcome({ kind: 'idle' });
  };
  const isEmpty = fields.textSignature.trim() === '' && fields.htmlSignature.trim() === '';
  const hasProblem =
    textProblem(fields.name, 'line', bounds.maxSizeName) !== undefined ||
    textProblem(fields.textSignature, 'text', bounds.maxSizeSignature) !== undefined ||
    textProblem(fields.htmlSignature, 'text', bounds.maxSizeSignature) !== undefined;
  const labels = {
    name: t('settingsSignatures.name'),
    textSignature: t('settingsSignatures.text'),
    htmlSignature: t('settingsSignatures.html'),
    useForInternal: t('settingsSignatures.forInternal'),
    useForExternal: t('settingsSignatures.forExternal'),
    tone: t('settingsSignatures.tone'),
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setIsChecked(true);
    if (hasProblem || isEmpty) return;
    setOutcome({ kind: 'saving' });
    setOutcome(await onSave(fields));
  };

  return (
    <form
      className="settings-form settings-editor"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void save(event)}
    >
      <h5 id={`${id}-heading`}>{heading}</h5>
      <BoundedField
        label={labels.name}
        hint={t('settingsSignatures.nameHint')}
        value={fields.name}
        form="line"
        maxBytes={bounds.maxSizeName}
        onChange={(name) => change({ name })}
      />
      <BoundedField
        label={labels.textSignature}
        value={fields.textSignature}
        form="text"
        rows={5}
        maxBytes={bounds.maxSizeSignature}
        onChange={(textSignature) => change({ textSignature })}
      />
      <BoundedField
        label={labels.htmlSignature}
        hint={t('settingsSignatures.htmlHint')}
        value={fields.htmlSignature}
        form="text"
        rows={5}
        isCode
        maxBytes={bounds.maxSizeSignature}
        onChange={(htmlSignature) => change({ htmlSignature })}
      />
      {fields.htmlSignature.trim() !== '' && (
        <HtmlPreview html={fields.htmlSignature} title={t('settingsSignatures.preview')} />
      )}
      {isChecked && isEmpty && (
        <p className="settings-field-problem" role="alert">
          {t('settingsSignatures.empty')}
        </p>
      )}
      <fieldset>
        <legend>{t('settingsSignatures.audience')}</legend>
        <div className="settings-check">
          <input
            type="checkbox"
            id={`${id}-internal`}
            checked={fields.useForInternal}
            onChange={(event) => change({ useForInternal: event.target.checked })}
          />
          <label htmlFor={`${id}-internal`}>{labels.useForInternal}</label>
        </div>
        <div className="settings-check">
          <input
            type="checkbox"
            id={`${id}-external`}
            checked={fields.useForExternal}
            onChange={(event) => change({ useForExternal: event.target.checked })}
          />
          <label htmlFor={`${id}-external`}>{labels.useForExternal}</label>
        </div>
        {!fields.useForInternal && !fields.useForExternal && (
          <p className="settings-hint">{t('settingsSignatures.byHandOnly')}</p>
        )}
      </fieldset>
      <div className="settings-field">
        <label htmlFor={`${id}-tone`}>{labels.tone}</label>
        <select
          id={`${id}-tone`}
          value={fields.tone ?? ''}
          aria-describedby={`${id}-tone-hint`}
          onChange={(event) => change({ tone: (event.target.value || null) as SignatureTone | null })}
        >
          <option value="">{t('settingsSignatures.toneAny')}</option>
          <option value="formal">{t('settingsSignatures.toneFormal')}</option>
          <option value="informal">{t('settingsSignatures.toneInformal')}</option>
        </select>
        <p className="settings-hint" id={`${id}-tone-hint`}>
          {t('settingsSignatures.toneHint')}
        </p>
      </div>
      <SaveActions
        outcome={outcome}
        saveLabel={t('settingsSignatures.save')}
        fields={labels}
        onCancel={onCancel}
      />
    </form>
  );
}
