// A settings screen that edits the person's preferences (Preferences, docs/jmap.md): its title, then what
// `children` makes of the preferences once read, or until then the loading line or why they could not be read
// (LoadStatus.tsx, with a retry).

import type { ReactNode } from 'react';
import { useCallback, useId } from 'react';
import { type Preferences, readPreferences } from '../../app/preferences.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { LoadStatus } from './LoadStatus.tsx';
import { useLoad } from './use-load.ts';
import './mail-settings.css';

export interface PreferencesSectionProps {
  readonly client: ScreenProps['client'];
  readonly title: string;
  onError(error: unknown): void;
  /** The screen's content; `update` changes what was read after a save, without reading again. */
  children(preferences: Preferences, update: (change: (data: Preferences) => Preferences) => void): ReactNode;
}

/** What a form of a preferences screen is given. */
export interface PreferencesFormProps {
  readonly client: ScreenProps['client'];
  /** The preferences as read: what the form starts from. */
  readonly initial: Preferences;
  readonly onError: (error: unknown) => void;
}

export function PreferencesSection({ client, title, onError, children }: PreferencesSectionProps) {
  const id = useId();
  const load = useCallback(() => readPreferences(client), [client]);
  const { loaded, reload, update } = useLoad(load, onError);
  return (
    <section className="mail-settings" aria-labelledby={`${id}-title`}>
      <h2 id={`${id}-title`}>{title}</h2>
      {loaded.stage === 'ready' ? (
        children(loaded.data, update)
      ) : (
        <LoadStatus loaded={loaded} onRetry={reload} />
      )}
    </section>
  );
}
