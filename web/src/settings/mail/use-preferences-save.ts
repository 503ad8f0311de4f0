// Saving part of the person's preferences from a settings screen (updatePreferences): the outcome for the
// status line (save-outcome.ts), and once the server has taken it, the shell's preferences read again
// (usePreferences().refresh) so the whole app follows at once. An unreachable server or an ended session is
// also reported to the shell.

import { useState } from 'react';
import type { JmapClient } from '../../jmap/jmap-client.ts';
import { type Preferences, updatePreferences, usePreferences } from '../../app/preferences.ts';
import { outcomeOfError, type SaveOutcome } from './save-outcome.ts';

export interface PreferencesSave {
  readonly outcome: SaveOutcome;
  /** What to say once saved, when "Enregistré." is not the right word. */
  readonly savedText: string | undefined;
  /** Save `patch`; true once the server has it. */
  save(patch: Partial<Preferences>, savedText?: string): Promise<boolean>;
  /** A field changed after a save: "Enregistré." no longer holds. */
  touched(): void;
}

export function usePreferencesSave(client: JmapClient, onError: (error: unknown) => void): PreferencesSave {
  const { refresh } = usePreferences();
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  const [savedText, setSavedText] = useState<string | undefined>(undefined);
  const save = async (patch: Partial<Preferences>, text?: string) => {
    setOutcome({ kind: 'saving' });
    try {
      await updatePreferences(client, patch);
      setSavedText(text);
      setOutcome({ kind: 'saved' });
      refresh();
      return true;
    } catch (error) {
      const failed = outcomeOfError(error);
      if (failed.kind === 'unreachable') onError(error);
      setOutcome(failed);
      return false;
    }
  };
  const touched = () => setOutcome((current) => (current.kind === 'saved' ? { kind: 'idle' } : current));
  return { outcome, savedText, save, touched };
}
