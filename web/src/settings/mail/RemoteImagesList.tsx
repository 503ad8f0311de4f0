// The senders whose remote images show without asking (Preferences.remoteImagesFrom): the list, a button to
// take one off, and a field to add an address or a whole @domain, checked as the server checks it. Each
// change is saved at once; a refused one leaves the list as it was and what was typed in the field.

import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../../jmap/jmap-client.ts';
import {
  checkRemoteImagesEntry,
  maxRemoteImagesFrom,
  type RemoteImagesEntryProblem,
} from './remote-images-entry.ts';
import { SaveStatus } from './SaveStatus.tsx';
import { usePreferencesSave } from './use-preferences-save.ts';

export interface RemoteImagesListProps {
  readonly client: JmapClient;
  readonly entries: readonly string[];
  /** The list once the server has it. */
  onSaved(entries: readonly string[]): void;
  onError(error: unknown): void;
}

const PROBLEM_WORDS: Readonly<Record<RemoteImagesEntryProblem, string>> = {
  empty: 'settingsReading.remoteEmpty',
  invalid: 'settingsReading.remoteInvalid',
  tooLong: 'settingsReading.remoteTooLong',
  duplicate: 'settingsReading.remoteDuplicate',
  full: 'settingsReading.remoteFull',
};

export function RemoteImagesList({ client, entries, onSaved, onError }: RemoteImagesListProps) {
  const { t } = useTranslation();
  const { outcome, savedText, save: savePreferences } = usePreferencesSave(client, onError);
  const id = useId();
  const [typed, setTyped] = useState('');
  const [problem, setProblem] = useState<RemoteImagesEntryProblem | undefined>(undefined);
  const max = maxRemoteImagesFrom(client.session.capabilities['urn:vercors:jmap']);
  const isSaving = outcome.kind === 'saving';

  const save = async (next: readonly string[], done: string): Promise<boolean> => {
    const isSaved = await savePreferences({ remoteImagesFrom: next }, done);
    if (isSaved) onSaved(next);
    return isSaved;
  };

  const add = async (event: FormEvent) => {
    event.preventDefault();
    const checked = checkRemoteImagesEntry(typed, entries, max);
    if ('problem' in checked) {
      setProblem(checked.problem);
      return;
    }
    setProblem(undefined);
    if (await save([...entries, checked.entry], t('settingsReading.remoteAdded', { entry: checked.entry })))
      setTyped('');
  };

  return (
    <section className="settings-block" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('settingsReading.remoteTitle')}</h3>
      <p className="settings-hint">{t('settingsReading.remoteHint')}</p>
      {entries.length === 0 ? (
        <p className="settings-empty">{t('settingsReading.remoteNone')}</p>
      ) : (
        <ul className="settings-entries" aria-label={t('settingsReading.remoteTitle')}>
          {entries.map((entry) => (
            <li key={entry}>
              <span>{entry}</span>
              <button
                type="button"
                disabled={isSaving}
                aria-label={t('settingsReading.remoteRemove', { entry })}
                onClick={() =>
                  void save(
                    entries.filter((other) => other !== entry),
                    t('settingsReading.remoteRemoved', { entry }),
                  )
                }
              >
                {t('settingsReading.remoteRemoveShort')}
              </button>
            </li>
          ))}
        </ul>
      )}
      <form className="settings-inline-form" onSubmit={(event) => void add(event)} noValidate>
        <div className="settings-field">
          <label htmlFor={`${id}-entry`}>{t('settingsReading.remoteEntry')}</label>
          <input
            id={`${id}-entry`}
            type="text"
            inputMode="email"
            autoComplete="off"
            spellCheck={false}
            value={typed}
            aria-invalid={problem !== undefined}
            aria-describedby={`${id}-entry-hint${problem === undefined ? '' : ` ${id}-entry-problem`}`}
            onChange={(event) => {
              setTyped(event.target.value);
              setProblem(undefined);
            }}
          />
          <p className="settings-hint" id={`${id}-entry-hint`}>
            {t('settingsReading.remoteEntryHint', { count: entries.length, max })}
          </p>
          {problem !== undefined && (
            <p className="settings-field-problem" id={`${id}-entry-problem`}>
              {t(PROBLEM_WORDS[problem], { max })}
            </p>
          )}
        </div>
        <button type="submit" disabled={isSaving}>
          {t('settingsReading.remoteAdd')}
        </button>
      </form>
      <SaveStatus
        outcome={outcome}
        fields={{ remoteImagesFrom: t('settingsReading.remoteTitle') }}
        savedText={savedText}
      />
    </section>
  );
}
