import assert from 'node:assert/strict';
import { test } from 'node:test';
import { FEATURED_ZONES, filterZones, timeInZone, zoneChoices, zoneName } from './time-zones.ts';

const WORDS: Record<string, string> = {
  zoneMetropole: 'France métropolitaine',
  zoneReunion: 'La Réunion',
  zoneNouvelleCaledonie: 'Nouvelle-Calédonie',
};
const label = (choice: { zone: string; key?: string }) =>
  choice.key === undefined ? zoneName(choice.zone) : `${WORDS[choice.key] ?? choice.key} (${choice.zone})`;

test('Paris first, then the French overseas zones, then the others sorted, each once', () => {
  const choices = zoneChoices(
    ['Europe/Berlin', 'Indian/Reunion', 'America/Cayenne', 'Africa/Abidjan'],
    'Europe/Paris',
  );
  assert.deepEqual(
    choices.map((choice) => choice.zone),
    [...FEATURED_ZONES.map((entry) => entry.zone), 'Africa/Abidjan', 'Europe/Berlin'],
  );
  assert.equal(choices[0]?.zone, 'Europe/Paris');
  assert.equal(choices[3]?.key, 'zoneReunion');
});

test('the zone saved stays offered even when the browser does not list it', () => {
  const choices = zoneChoices(['Europe/Berlin'], 'Etc/UTC');
  assert.ok(choices.some((choice) => choice.zone === 'Etc/UTC'));
});

test('every zone of this runtime is offered, the featured ones included', () => {
  const supported = Intl.supportedValuesOf('timeZone');
  const offered = new Set(zoneChoices(supported, 'Europe/Paris').map((choice) => choice.zone));
  for (const zone of supported) assert.ok(offered.has(zone), zone);
  for (const { zone } of FEATURED_ZONES) assert.ok(timeInZone(new Date(), zone, 'fr') !== undefined, zone);
});

test('the search ignores accents and case, over the words and the zone name', () => {
  const choices = zoneChoices(['Europe/Berlin', 'America/New_York'], 'Europe/Paris');
  const found = (query: string, keep = '') =>
    filterZones(choices, query, label, keep).map((choice) => choice.zone);
  assert.deepEqual(found('reunion'), ['Indian/Reunion']);
  assert.deepEqual(found('NOUVELLE caledonie'), ['Pacific/Noumea']);
  assert.deepEqual(found('noumea'), ['Pacific/Noumea']);
  assert.deepEqual(found('new york'), ['America/New_York']);
  assert.deepEqual(found('berlin', 'Europe/Paris'), ['Europe/Paris', 'Europe/Berlin']);
  assert.equal(found('').length, choices.length);
  assert.deepEqual(found('atlantide'), []);
});

test('the time now is shown in the zone chosen', () => {
  const instant = new Date('2026-01-15T12:00:00Z');
  assert.match(timeInZone(instant, 'Europe/Paris', 'fr') ?? '', /13:00/);
  assert.match(timeInZone(instant, 'Pacific/Noumea', 'fr') ?? '', /23:00/);
  assert.match(timeInZone(instant, 'America/Cayenne', 'en') ?? '', /9:00/);
  assert.equal(timeInZone(instant, 'Mars/Olympus', 'fr'), undefined);
});
