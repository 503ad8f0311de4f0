// Reading and writing settings (Preferences, the contract in docs/jmap.md): what to do with a read-receipt
// request, whether new messages ask for one, conversations or single messages in the list, the undo-send
// delay, the composer's format, and the senders whose remote images show without asking.

import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { ReadReceiptPolicy } from '@vercors/contract';
import type { Preferences } from '../../app/preferences.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { HintedCheckbox } from './HintedCheckbox.tsx';
import { HintedRadioGroup } from './HintedRadioGroup.tsx';
import { type PreferencesFormProps, PreferencesSection } from './PreferencesSection.tsx';
import { RemoteImagesList } from './RemoteImagesList.tsx';
import { SaveActions } from './SaveActions.tsx';
import { usePreferencesSave } from './use-preferences-save.ts';

/** Each read-receipt policy: its name and what it does, as catalogue keys. */
const READ_RECEIPTS: readonly (readonly [ReadReceiptPolicy, string, string])[] = [
  ['ask', 'settingsReading.receiptsAsk', 'settingsReading.receiptsAskHint'],
  ['always', 'settingsReading.receiptsAlways', 'settingsReading.receiptsAlwaysHint'],
  ['never', 'settingsReading.receiptsNever', 'settingsReading.receiptsNeverHint'],
];
const FORMATS: readonly (readonly ['html' | 'text', string, string])[] = [
  ['html', 'settingsReading.formatHtml', 'settingsReading.formatHtmlHint'],
  ['text', 'settingsReading.formatText', 'settingsReading.formatTextHint'],
];
/** The delays offered; 0 turns undo off. The server takes 0 to 30. */
const UNDO_DELAYS = [0, 5, 10, 20, 30] as const;

type ReadingFields = Pick<
  Preferences,
  'readReceipts' | 'requestReadReceipts' | 'conversationView' | 'undoSendSeconds' | 'composeFormat'
>;

export function ReadingSettings({ client, onError }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <PreferencesSection client={client} title={t('settingsReading.title')} onError={onError}>
      {(preferences, update) => (
        <>
          <ReadingForm client={client} initial={preferences} onError={onError} />
          <RemoteImagesList
            client={client}
            entries={preferences.remoteImagesFrom}
            onSaved={(remoteImagesFrom) => update((data) => ({ ...data, remoteImagesFrom }))}
            onError={onError}
          />
        </>
      )}
    </PreferencesSection>
  );
}

function ReadingForm({ client, initial, onError }: PreferencesFormProps) {
  const { t } = useTranslation();
  const { outcome, save, touched } = usePreferencesSave(client, onError);
  const id = useId();
  const [fields, setFields] = useState<ReadingFields>(() => ({
    readReceipts: initial.readReceipts,
    requestReadReceipts: initial.requestReadReceipts,
    conversationView: initial.conversationView,
    undoSendSeconds: initial.undoSendSeconds,
    composeFormat: initial.composeFormat,
  }));
  const change = (patch: Partial<ReadingFields>) => {
    setFields((current) => ({ ...current, ...patch }));
    touched();
  };
  // A delay set elsewhere (another client) stays offered, so the select shows what is saved.
  const delays = UNDO_DELAYS.some((delay) => delay === fields.undoSendSeconds)
    ? [...UNDO_DELAYS]
    : [...UNDO_DELAYS, fields.undoSendSeconds].sort((a, b) => a - b);

  return (
    <form
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save(fields);
      }}
    >
      <HintedRadioGroup
        name={`${id}-receipts`}
        legend={t('settingsReading.readReceipts')}
        hint={t('settingsReading.readReceiptsHint')}
        options={READ_RECEIPTS}
        value={fields.readReceipts}
        onChange={(readReceipts) => change({ readReceipts })}
      />
      <HintedCheckbox
        id={`${id}-request`}
        label={t('settingsReading.requestReadReceipts')}
        hint={t('settingsReading.requestReadReceiptsHint')}
        checked={fields.requestReadReceipts}
        onChange={(requestReadReceipts) => change({ requestReadReceipts })}
      />
      <HintedCheckbox
        id={`${id}-conversations`}
        label={t('settingsReading.conversationView')}
        hint={t('settingsReading.conversationViewHint')}
        checked={fields.conversationView}
        onChange={(conversationView) => change({ conversationView })}
      />
      <div className="settings-field">
        <label htmlFor={`${id}-undo`}>{t('settingsReading.undoSend')}</label>
        <select
          id={`${id}-undo`}
          value={fields.undoSendSeconds}
          aria-describedby={`${id}-undo-hint`}
          onChange={(event) => change({ undoSendSeconds: Number(event.target.value) })}
        >
          {delays.map((delay) => (
            <option key={delay} value={delay}>
              {delay === 0
                ? t('settingsReading.undoOff')
                : t('settingsReading.undoSeconds', { count: delay })}
            </option>
          ))}
        </select>
        <p className="settings-hint" id={`${id}-undo-hint`}>
          {t('settingsReading.undoSendHint')}
        </p>
      </div>
      <HintedRadioGroup
        name={`${id}-format`}
        legend={t('settingsReading.composeFormat')}
        options={FORMATS}
        value={fields.composeFormat}
        onChange={(composeFormat) => change({ composeFormat })}
      />
      <SaveActions
        outcome={outcome}
        saveLabel={t('settingsMailCommon.save')}
        fields={{
          readReceipts: t('settingsReading.readReceipts'),
          requestReadReceipts: t('settingsReading.requestReadReceipts'),
          conversationView: t('settingsReading.conversationView'),
          undoSendSeconds: t('settingsReading.undoSend'),
          composeFormat: t('settingsReading.composeFormat'),
        }}
      />
    </form>
  );
}
