// A checkbox with its label and a line saying what it does, read as the checkbox's description.

export interface HintedCheckboxProps {
  readonly id: string;
  readonly label: string;
  readonly hint: string;
  readonly checked: boolean;
  onChange(checked: boolean): void;
}

export function HintedCheckbox({ id, label, hint, checked, onChange }: HintedCheckboxProps) {
  return (
    <div className="settings-check">
      <input
        type="checkbox"
        id={id}
        checked={checked}
        aria-describedby={`${id}-hint`}
        onChange={(event) => onChange(event.target.checked)}
      />
      <label htmlFor={id}>{label}</label>
      <p className="settings-hint" id={`${id}-hint`}>
        {hint}
      </p>
    </div>
  );
}
