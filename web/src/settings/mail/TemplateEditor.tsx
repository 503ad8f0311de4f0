// Writing one reply template (docs/jmap.md "Vercors additions", ReplyTemplate): its name in the composer's
// menu, a subject that replaces the reply's (left empty, the reply keeps its own), the text and an optional
// HTML form edited as source with a sanitised preview. The fields stay as typed until the save succeeds.

import type { JmapReplyTemplate } from '@vercors/contract';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { BoundedField } from './BoundedField.tsx';
import { HtmlPreview } from './HtmlPreview.tsx';
import type { SaveOutcome } from './save-outcome.ts';
import { SaveActions } from './SaveActions.tsx';
import { textProblem } from './text-bounds.ts';
import type { TemplateBounds } from './vercors-bounds.ts';

export type TemplateFields = Pick<JmapReplyTemplate, 'name' | 'subject' | 'textBody' | 'htmlBody'>;

export const NEW_TEMPLATE: TemplateFields = { name: '', subject: null, textBody: '', htmlBody: '' };

export interface TemplateEditorProps {
  readonly heading: string;
  readonly initial: TemplateFields;
  readonly bounds: TemplateBounds;
  /** Save; the editor stays open with what was typed unless the outcome is "saved". */
  onSave(fields: TemplateFields): Promise<SaveOutcome>;
  onCancel(): void;
}

export function TemplateEditor({ heading, initial, bounds, onSave, onCancel }: TemplateEditorProps) {
  const { t } = useTranslation();
  const id = useId();
  const [name, setName] = useState(initial.name);
  const [subject, setSubject] = useState(initial.subject ?? '');
  const [textBody, setTextBody] = useState(initial.textBody);
  const [htmlBody, setHtmlBody] = useState(initial.htmlBody);
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  const [isChecked, setIsChecked] = useState(false);
  const edited =
    <T,>(set: (value: T) => void) =>
    (value: T) => {
      set(value);
      setOutcome({ kind: 'idle' });
    };
  const isNameMissing = name.trim() === '';
  const hasProblem =
    textProblem(name, 'line', bounds.maxSizeName) !== undefined ||
    textProblem(subject, 'line', bounds.maxSizeSubject) !== undefined ||
    textProblem(textBody, 'text', bounds.maxSizeBody) !== undefined ||
    textProblem(htmlBody, 'text', bounds.maxSizeBody) !== undefined;
  const labels = {
    name: t('settingsTemplates.name'),
    subject: t('settingsTemplates.subject'),
    textBody: t('settingsTemplates.text'),
    htmlBody: t('settingsTemplates.html'),
  };

  const save = async (event: FormEvent) => {
    event.preventDefault();
    setIsChecked(true);
    if (hasProblem || isNameMissing) return;
    setOutcome({ kind: 'saving' });
    setOutcome(
      await onSave({
        name: name.trim(),
        subject: subject.trim() === '' ? null : subject.trim(),
        textBody,
        htmlBody,
      }),
    );
  };

  return (
    <form
      className="settings-form settings-editor"
      aria-labelledby={`${id}-heading`}
      onSubmit={(event) => void save(event)}
    >
      <h3 id={`${id}-heading`}>{heading}</h3>
      <BoundedField
        label={labels.name}
        hint={t('settingsTemplates.nameHint')}
        value={name}
        form="line"
        maxBytes={bounds.maxSizeName}
        onChange={edited(setName)}
      />
      {isChecked && isNameMissing && (
        <p className="settings-field-problem" role="alert">
          {t('settingsTemplates.nameMissing')}
        </p>
      )}
      <BoundedField
        label={labels.subject}
        hint={t('settingsTemplates.subjectHint')}
        value={subject}
        form="line"
        maxBytes={bounds.maxSizeSubject}
        onChange={edited(setSubject)}
      />
      <BoundedField
        label={labels.textBody}
        value={textBody}
        form="text"
        rows={8}
        maxBytes={bounds.maxSizeBody}
        onChange={edited(setTextBody)}
      />
      <BoundedField
        label={labels.htmlBody}
        hint={t('settingsTemplates.htmlHint')}
        value={htmlBody}
        form="text"
        rows={6}
        isCode
        maxBytes={bounds.maxSizeBody}
        onChange={edited(setHtmlBody)}
      />
      {htmlBody.trim() !== '' && <HtmlPreview html={htmlBody} title={t('settingsTemplates.preview')} />}
      <SaveActions
        outcome={outcome}
        saveLabel={t('settingsTemplates.save')}
        fields={{ ...labels, sortOrder: t('settingsTemplates.order') }}
        onCancel={onCancel}
      />
    </form>
  );
}
