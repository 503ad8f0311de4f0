// One section of a Security screen (the password, the second factors, app passwords, sessions, the phone
// settings): a region that screen readers list under its heading's words.

import { type ReactNode, useId } from 'react';

export interface SecuritySectionProps {
  readonly title: string;
  readonly children: ReactNode;
}

export function SecuritySection({ title, children }: SecuritySectionProps) {
  const titleId = useId();
  return (
    <section className="security-section" aria-labelledby={titleId}>
      <h3 id={titleId}>{title}</h3>
      {children}
    </section>
  );
}
