// The messages of the Security screens: what went wrong, read out at once (role alert), and the outcome of a
// change, an error or a confirmation read out politely (role status). Nothing is shown without a text.

/** What a change came to, in words. */
export interface Outcome {
  readonly kind: 'error' | 'done';
  readonly text: string;
}

export function ErrorAlert({ text }: { readonly text: string | undefined }) {
  if (text === undefined) return null;
  return (
    <p className="security-error" role="alert">
      {text}
    </p>
  );
}

export function OutcomeMessage({ outcome }: { readonly outcome: Outcome | undefined }) {
  if (outcome === undefined) return null;
  return (
    <p
      className={outcome.kind === 'error' ? 'security-error' : 'security-done'}
      role={outcome.kind === 'error' ? 'alert' : 'status'}
    >
      {outcome.text}
    </p>
  );
}

/** A failure's words as an error outcome; none when there are no words to show. */
export function errorOutcome(text: string | undefined): Outcome | undefined {
  return text === undefined ? undefined : { kind: 'error', text };
}
