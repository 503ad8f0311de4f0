// What became of a save, for the line under each settings form: saved, refused by the server (naming the
// properties it refused, or the kind of refusal: a limit reached, a name taken), the server out of reach
// (offline, or the session ended: the shell says so too), or another failure. The form keeps what was typed
// in every case but "saved", so the person can correct and try again.

import { PreferencesRefusedError } from '../../app/preferences.ts';
import { JmapMethodError, JmapRequestError, SignedOutError } from '../../jmap/jmap-client.ts';

export type SaveOutcome =
  | { readonly kind: 'idle' }
  | { readonly kind: 'saving' }
  | { readonly kind: 'saved' }
  | { readonly kind: 'refused'; readonly type: string; readonly properties: readonly string[] }
  | { readonly kind: 'unreachable' }
  | { readonly kind: 'failed'; readonly reason: string };

/** A SetError of a /set answer (RFC 8620 §5.3). */
export interface SetRefusal {
  readonly type: string;
  readonly properties?: readonly string[];
  readonly description?: string;
}

interface SetAnswer {
  readonly notCreated?: Readonly<Record<string, SetRefusal>> | null;
  readonly notUpdated?: Readonly<Record<string, SetRefusal>> | null;
  readonly notDestroyed?: Readonly<Record<string, SetRefusal>> | null;
}

/** The first refusal of a /set answer, or undefined when everything asked was done. */
export function setRefusal(answer: unknown): SaveOutcome | undefined {
  const { notCreated, notUpdated, notDestroyed } = (answer ?? {}) as SetAnswer;
  const refusal = [notCreated, notUpdated, notDestroyed].flatMap((map) => Object.values(map ?? {})).at(0);
  return refusal === undefined
    ? undefined
    : { kind: 'refused', type: refusal.type, properties: refusal.properties ?? [] };
}

/** Is this the server out of reach or the session over, which the shell reports over every screen? */
export function isConnectionProblem(error: unknown): boolean {
  return (
    error instanceof SignedOutError ||
    (error instanceof JmapRequestError && (error.status === 0 || error.status >= 500))
  );
}

export function outcomeOfError(error: unknown): SaveOutcome {
  if (error instanceof PreferencesRefusedError) {
    return { kind: 'refused', type: 'invalidProperties', properties: error.properties };
  }
  if (isConnectionProblem(error)) return { kind: 'unreachable' };
  if (error instanceof JmapMethodError || error instanceof JmapRequestError) {
    return { kind: 'failed', reason: error.type };
  }
  return { kind: 'failed', reason: error instanceof Error ? error.message : String(error) };
}
