// Lifecycle settings: when an unused account is suspended, and whether suspended accounts still receive mail.
// Part of IDENTITY_SETTINGS (settings.ts spreads them in). Like every settings file, this imports nothing but
// #core/config, because read-config.ts loads it in processes that never open the store.

import { booleanSetting, durationSetting, SettingValueError, type Setting } from '#core/config';

const DAY = 24 * 3_600_000;

const INACTIVITY_HINT = {
  fr: 'une durée entre 30d et 3650d (par exemple 365d), ou off pour ne jamais suspendre pour inactivité',
  en: 'a duration between 30d and 3650d (for example 365d), or off to never suspend for inactivity',
};

/**
 * A duration within the bounds of `spec`, or null when the value is `off` (or zero in any unit, as `0`, `0d`).
 * The bounds guard against typos ("36d" for "365d"): turning suspension off takes `off` or a zero, never a
 * period too short to be meant.
 */
function durationOrOffSetting(
  spec: Parameters<typeof durationSetting>[0] & { default: number | null },
): Setting<number | null> {
  const duration = durationSetting({ ...spec, default: spec.default ?? spec.minMs });
  return {
    key: spec.key,
    default: spec.default,
    why: spec.why,
    parse(raw) {
      const text = raw.trim().toLowerCase();
      if (text === 'off' || /^0+(ms|s|m|h|d)?$/.test(text)) return null;
      try {
        return duration.parse(raw);
      } catch (error) {
        if (error instanceof SettingValueError)
          throw new SettingValueError('mustBe', {}, { hint: INACTIVITY_HINT });
        throw error;
      }
    },
    show: (value) => (value === null ? 'off' : duration.show(value)),
  };
}

export const LIFECYCLE_SETTINGS = {
  inactivitySuspension: durationOrOffSetting({
    key: 'lifecycle.inactivity-suspension',
    default: 365 * DAY,
    minMs: 30 * DAY,
    maxMs: 3650 * DAY,
    why: {
      fr: 'Un compte inutilisé pendant ce temps (aucune connexion, par aucun protocole) est suspendu : une année scolaire entière plus l’été, pour qu’un congé long (maladie, maternité, formation, disponibilité) ne coupe personne ; off : jamais.',
      en: 'An account unused for this long (no login through any protocol) is suspended: a whole school year plus the summer, so that long leave (sick, maternity, training, career break) cuts nobody off; off: never.',
    },
  }),
  suspendedAccountsReceiveMail: booleanSetting({
    key: 'lifecycle.suspended-accounts-receive-mail',
    default: true,
    why: {
      fr: 'Un compte suspendu continue de recevoir son courrier, gardé pour le retour de la personne ; false : refusé à l’envoi (550 5.2.1), l’expéditeur sait aussitôt qu’il doit écrire à quelqu’un d’autre.',
      en: 'A suspended account still receives its mail, kept for when the person comes back; false: refused at sending time (550 5.2.1), so the sender knows at once to write to someone else.',
    },
  }),
} as const;
