// A text field with the server's bound on it (UTF-8 bytes, one line or free text; text-bounds.ts): the label,
// an optional hint, the size once it nears the bound, and what is wrong next to the field, so a save the
// server would refuse is caught before it is sent.

import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import { type TextForm, textProblem, utf8Bytes } from './text-bounds.ts';

export interface BoundedFieldProps {
  readonly label: string;
  readonly value: string;
  readonly onChange: (value: string) => void;
  readonly form: TextForm;
  readonly maxBytes: number;
  readonly hint?: string;
  /** Lines of a text area; a one-line field is an input. */
  readonly rows?: number;
  readonly isCode?: boolean;
}

/** The size shows once a field holds this share of its bound. */
const SHOW_SIZE_FROM = 0.8;

export function BoundedField({
  label,
  value,
  onChange,
  form,
  maxBytes,
  hint,
  rows,
  isCode,
}: BoundedFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const problem = textProblem(value, form, maxBytes);
  const bytes = utf8Bytes(value);
  const described = [
    hint === undefined ? undefined : `${id}-hint`,
    problem === undefined ? undefined : `${id}-problem`,
  ]
    .filter(Boolean)
    .join(' ');
  const common = {
    id,
    value,
    'aria-invalid': problem !== undefined,
    'aria-describedby': described === '' ? undefined : described,
    spellCheck: isCode ? false : undefined,
    className: isCode ? 'settings-code' : undefined,
  };
  return (
    <div className="settings-field">
      <label htmlFor={id}>{label}</label>
      {form === 'line' ? (
        <input type="text" {...common} onChange={(event) => onChange(event.target.value)} />
      ) : (
        <textarea rows={rows ?? 4} {...common} onChange={(event) => onChange(event.target.value)} />
      )}
      {hint !== undefined && (
        <p className="settings-hint" id={`${id}-hint`}>
          {hint}
        </p>
      )}
      {bytes >= maxBytes * SHOW_SIZE_FROM && problem === undefined && (
        <p className="settings-hint">{t('settingsMailCommon.size', { bytes, max: maxBytes })}</p>
      )}
      {problem !== undefined && (
        <p className="settings-field-problem" id={`${id}-problem`}>
          {problem === 'tooLong'
            ? t('settingsMailCommon.tooLong', { bytes, max: maxBytes })
            : form === 'line'
              ? t('settingsMailCommon.lineControl')
              : t('settingsMailCommon.textControl')}
        </p>
      )}
    </div>
  );
}
