// General settings (Preferences, docs/jmap.md): the interface's language and the time zone dates are shown
// and scheduled in. Zones: Paris, then the French overseas zones by their names, then every IANA zone the
// browser knows, searchable; the time now in the chosen zone shows beside it. Saving refreshes the shell's
// preferences, so the language changes at once.

import { useCallback, useEffect, useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Preferences } from '../../app/preferences.ts';
import type { ScreenProps } from '../../app/screen-props.ts';
import { type PreferencesFormProps, PreferencesSection } from './PreferencesSection.tsx';
import { SaveActions } from './SaveActions.tsx';
import { filterZones, timeInZone, type ZoneChoice, zoneChoices, zoneName } from './time-zones.ts';
import { usePreferencesSave } from './use-preferences-save.ts';

/** Each language in its own words (what a reader of that language looks for). */
const LANGUAGES = [
  { locale: 'fr', name: 'Français' },
  { locale: 'en', name: 'English' },
] as const;
/** How often the time shown is brought up to date. */
const CLOCK_TICK_MS = 15_000;

export function GeneralSettings({ client, onError }: ScreenProps) {
  const { t } = useTranslation();
  return (
    <PreferencesSection client={client} title={t('settingsGeneral.title')} onError={onError}>
      {(preferences) => <GeneralForm client={client} initial={preferences} onError={onError} />}
    </PreferencesSection>
  );
}

function GeneralForm({ client, initial, onError }: PreferencesFormProps) {
  const { t, i18n } = useTranslation();
  const { outcome, save, touched } = usePreferencesSave(client, onError);
  const id = useId();
  const [locale, setLocale] = useState<Preferences['locale']>(initial.locale);
  const [timeZone, setTimeZone] = useState(initial.timeZone);
  const [search, setSearch] = useState('');
  const [now, setNow] = useState(() => new Date());
  useEffect(() => {
    const timer = window.setInterval(() => setNow(new Date()), CLOCK_TICK_MS);
    return () => window.clearInterval(timer);
  }, []);

  const choices = useMemo(() => zoneChoices(Intl.supportedValuesOf('timeZone'), initial.timeZone), [initial]);
  const label = useCallback(
    (choice: ZoneChoice) =>
      choice.key === undefined
        ? zoneName(choice.zone)
        : t('settingsGeneral.zoneNamed', {
            name: t(`settingsGeneral.${choice.key}`),
            zone: zoneName(choice.zone),
          }),
    [t],
  );
  const shown = filterZones(choices, search, label, timeZone);
  /** The French zones (those with a catalogue name), then the others. */
  const groups = [
    { label: t('settingsGeneral.zonesFrance'), choices: shown.filter((choice) => choice.key !== undefined) },
    { label: t('settingsGeneral.zonesOther'), choices: shown.filter((choice) => choice.key === undefined) },
  ];
  const clock = timeInZone(now, timeZone, i18n.language);

  return (
    <form
      className="settings-form"
      onSubmit={(event) => {
        event.preventDefault();
        void save({ locale, timeZone });
      }}
    >
      <fieldset>
        <legend>{t('settingsGeneral.language')}</legend>
        {LANGUAGES.map((language) => (
          <div className="settings-choice" key={language.locale}>
            <input
              type="radio"
              id={`${id}-lang-${language.locale}`}
              name={`${id}-lang`}
              value={language.locale}
              checked={locale === language.locale}
              onChange={() => {
                setLocale(language.locale);
                touched();
              }}
            />
            <label htmlFor={`${id}-lang-${language.locale}`} lang={language.locale}>
              {language.name}
            </label>
          </div>
        ))}
      </fieldset>
      <fieldset>
        <legend>{t('settingsGeneral.timeZone')}</legend>
        <div className="settings-field">
          <label htmlFor={`${id}-zone-search`}>{t('settingsGeneral.zoneSearch')}</label>
          <input
            id={`${id}-zone-search`}
            type="search"
            autoComplete="off"
            value={search}
            aria-describedby={`${id}-zone-count`}
            onChange={(event) => setSearch(event.target.value)}
          />
          <p className="settings-hint" id={`${id}-zone-count`}>
            {t('settingsGeneral.zoneCount', { count: shown.length })}
          </p>
        </div>
        <div className="settings-field">
          <label htmlFor={`${id}-zone`}>{t('settingsGeneral.zone')}</label>
          <select
            id={`${id}-zone`}
            className="settings-zones"
            size={8}
            value={timeZone}
            aria-describedby={`${id}-clock`}
            onChange={(event) => {
              setTimeZone(event.target.value);
              touched();
            }}
          >
            {groups.map(
              (group) =>
                group.choices.length > 0 && (
                  <optgroup key={group.label} label={group.label}>
                    {group.choices.map((choice) => (
                      <option key={choice.zone} value={choice.zone}>
                        {label(choice)}
                      </option>
                    ))}
                  </optgroup>
                ),
            )}
          </select>
        </div>
        <p className="settings-clock" id={`${id}-clock`}>
          {clock === undefined
            ? t('settingsGeneral.zoneUnknown')
            : t('settingsGeneral.clock', { time: clock })}
        </p>
      </fieldset>
      <SaveActions
        outcome={outcome}
        saveLabel={t('settingsMailCommon.save')}
        fields={{ locale: t('settingsGeneral.language'), timeZone: t('settingsGeneral.timeZone') }}
      />
    </form>
  );
}
