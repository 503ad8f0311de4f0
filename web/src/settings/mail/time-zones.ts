// The time zones the general settings offer: Paris first, then the French overseas zones (named in words
// by the catalogue, so a teacher in Nouméa finds "Nouvelle-Calédonie" rather than Pacific/Noumea), then every
// other IANA zone the browser knows in alphabetical order; a search that ignores accents and case over both
// the words and the zone's name; and the time now in a zone, to check the choice.

export const FEATURED_ZONES = [
  { zone: 'Europe/Paris', key: 'zoneMetropole' },
  { zone: 'America/Martinique', key: 'zoneAntilles' },
  { zone: 'America/Cayenne', key: 'zoneGuyane' },
  { zone: 'Indian/Reunion', key: 'zoneReunion' },
  { zone: 'Indian/Mayotte', key: 'zoneMayotte' },
  { zone: 'Pacific/Noumea', key: 'zoneNouvelleCaledonie' },
  { zone: 'Pacific/Tahiti', key: 'zonePolynesie' },
  { zone: 'America/Miquelon', key: 'zoneSaintPierre' },
  { zone: 'Pacific/Wallis', key: 'zoneWallis' },
] as const;

export type FeaturedZoneKey = (typeof FEATURED_ZONES)[number]['key'];

export interface ZoneChoice {
  readonly zone: string;
  /** The catalogue key of its name in words, for the featured zones. */
  readonly key?: FeaturedZoneKey;
}

/**
 * Every zone to offer: the featured ones first in their order, then the others of `supported` sorted, and
 * `current` among them even when the browser does not list it (a zone saved elsewhere, or a link name).
 */
export function zoneChoices(supported: readonly string[], current: string): ZoneChoice[] {
  const featured = new Set<string>(FEATURED_ZONES.map((entry) => entry.zone));
  const others = new Set(supported.filter((zone) => !featured.has(zone)));
  if (current !== '' && !featured.has(current)) others.add(current);
  return [
    ...FEATURED_ZONES.map((entry) => ({ zone: entry.zone, key: entry.key })),
    ...[...others].sort().map((zone) => ({ zone })),
  ];
}

/** The zone's name as shown: `Pacific/Port_Moresby` reads `Pacific/Port Moresby`. */
export function zoneName(zone: string): string {
  return zone.replaceAll('_', ' ');
}

function fold(text: string): string {
  return text
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[_/\-’']/g, ' ');
}

/**
 * The choices whose words (`label`) or zone name hold every word of `query`, accents and case aside, in
 * their order; `keep` (the zone chosen) stays in the list whatever the search, so the choice never vanishes.
 */
export function filterZones(
  choices: readonly ZoneChoice[],
  query: string,
  label: (choice: ZoneChoice) => string,
  keep: string,
): ZoneChoice[] {
  const words = fold(query).split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...choices];
  return choices.filter((choice) => {
    if (choice.zone === keep) return true;
    const haystack = fold(`${label(choice)} ${choice.zone}`);
    return words.every((word) => haystack.includes(word));
  });
}

/** The date and time now in `timeZone`, in the interface's language; undefined for a zone Intl refuses. */
export function timeInZone(now: Date, timeZone: string, locale: string): string | undefined {
  try {
    return new Intl.DateTimeFormat(locale, { timeZone, dateStyle: 'full', timeStyle: 'short' }).format(now);
  } catch {
    return undefined;
  }
}
