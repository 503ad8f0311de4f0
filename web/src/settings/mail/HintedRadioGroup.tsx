// A choice of one among a few, each option with a line saying what it does (read as the radio's description),
// under a legend and an optional hint for the whole group. Ids are `${name}-${value}` and
// `${name}-${value}-hint`, so each label and hint belongs to its radio.

import { useTranslation } from 'react-i18next';

export interface HintedRadioGroupProps<Value extends string> {
  /** The radios' shared name, also the prefix of their ids. */
  readonly name: string;
  readonly legend: string;
  readonly hint?: string;
  /** Each option: its value, then its name and what it does, as catalogue keys. */
  readonly options: readonly (readonly [Value, string, string])[];
  readonly value: Value;
  onChange(value: Value): void;
}

export function HintedRadioGroup<Value extends string>({
  name,
  legend,
  hint,
  options,
  value,
  onChange,
}: HintedRadioGroupProps<Value>) {
  const { t } = useTranslation();
  return (
    <fieldset>
      <legend>{legend}</legend>
      {hint !== undefined && <p className="settings-hint">{hint}</p>}
      {options.map(([option, label, optionHint]) => (
        <div className="settings-choice" key={option}>
          <input
            type="radio"
            id={`${name}-${option}`}
            name={name}
            value={option}
            checked={value === option}
            aria-describedby={`${name}-${option}-hint`}
            onChange={() => onChange(option)}
          />
          <label htmlFor={`${name}-${option}`}>{t(label)}</label>
          <p className="settings-hint" id={`${name}-${option}-hint`}>
            {t(optionHint)}
          </p>
        </div>
      ))}
    </fieldset>
  );
}
