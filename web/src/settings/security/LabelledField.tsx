// A text or password field of the Security forms: the input inside its label (so the label's words are its
// name), and what is typed handed over as a string. A text field unless told; any other input attribute
// passes through.

import type { ComponentPropsWithRef } from 'react';

export interface LabelledFieldProps extends Omit<ComponentPropsWithRef<'input'>, 'value' | 'onChange'> {
  readonly label: string;
  readonly value: string;
  readonly onValue: (value: string) => void;
}

export function LabelledField({ label, value, onValue, type = 'text', ...input }: LabelledFieldProps) {
  return (
    <label className="security-field">
      {label}
      <input {...input} type={type} value={value} onChange={(event) => onValue(event.target.value)} />
    </label>
  );
}

export interface PasswordFieldProps extends Omit<LabelledFieldProps, 'type' | 'autoComplete' | 'required'> {
  /** Which password it is, for the browser's password manager (and WCAG 1.3.5, the input's purpose). */
  readonly autoComplete: 'current-password' | 'new-password';
}

/** A password to type, never empty. */
export function PasswordField(props: PasswordFieldProps) {
  return <LabelledField {...props} type="password" required />;
}
