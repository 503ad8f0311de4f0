// vCard 3.0 / 4.0 → JSContact Card, as RFC 9555 §2 maps the properties people use: UID, KIND (and Apple's
// X-ADDRESSBOOKSERVER-KIND), FN and N, NICKNAME, ORG, TITLE and ROLE, EMAIL, TEL, ADR, URL, IMPP, NOTE, BDAY,
// ANNIVERSARY, DEATHDATE, MEMBER (and X-ADDRESSBOOKSERVER-MEMBER). TYPE=work/home become contexts work/private;
// PREF (or vCard 3's TYPE=pref) becomes pref; PROP-ID names the entry. Other properties are not shown.
// Security: the text is parsed by the vCard codec's bounds first (checkCardBounds), then by ical.js.

import ICAL from 'ical.js';
import type {
  JsAddress,
  JsAddressComponentKind,
  JsAnniversary,
  JsCardKind,
  JsNameComponent,
  JsPartialDate,
} from '@vercors/contract';
import { ParseError } from '#core/errors';
import { checkCardBounds } from '#formats/vcard';
import { ID_PREFIXES, type CardMap, type JsCard } from './jscontact-card.ts';

type JcardProperty = [string, Record<string, unknown>, string, ...unknown[]];

/** vCard TEL types → JSContact phone features (RFC 9555 §2.3.3). */
const PHONE_FEATURES: Readonly<Record<string, string>> = {
  voice: 'voice',
  cell: 'mobile',
  fax: 'fax',
  pager: 'pager',
  text: 'text',
  video: 'video',
  textphone: 'textphone',
};

/** vCard ADR components in order → JSContact address component kinds (RFC 9555 §2.2.1). */
const ADDRESS_KINDS: readonly JsAddressComponentKind[] = [
  'postOfficeBox',
  'apartment',
  'name',
  'locality',
  'region',
  'postcode',
  'country',
];

/** The JSContact card of a vCard; ParseError (the vCard codec's codes) when it is not one. */
export function vcardToJscontact(text: string): JsCard {
  checkCardBounds(text);
  let parsed: unknown;
  try {
    parsed = ICAL.parse(text);
  } catch (error) {
    throw new ParseError('malformed', `the vCard cannot be read: ${(error as Error).message}`, {
      cause: error,
    });
  }
  // One component parses to ['vcard', props, subs]; several to an array of those (the first is read).
  const component: unknown =
    Array.isArray(parsed) && typeof parsed[0] !== 'string' ? (parsed as unknown[])[0] : parsed;
  if (!Array.isArray(component) || component[0] !== 'vcard')
    throw new ParseError('notVcard', 'the text holds no vCard');
  return fromProperties(component[1] as JcardProperty[]);
}

function fromProperties(properties: readonly JcardProperty[]): JsCard {
  const all = (...names: string[]) => properties.filter((p) => names.includes(p[0]));
  const counters = new Map<CardMap, number>();
  const entries = <T>(map: CardMap, list: readonly [JcardProperty, T][]): Record<string, T> | undefined => {
    const result: Record<string, T> = {};
    for (const [property, value] of list) {
      const next = (counters.get(map) ?? 0) + 1;
      counters.set(map, next);
      const given = textOf(property[1]['prop-id']);
      const id = /^[A-Za-z0-9_-]{1,255}$/.test(given) && !Object.hasOwn(result, given) ? given : '';
      result[id || uniqueId(result, `${ID_PREFIXES[map]}${next}`)] = value;
    }
    return Object.keys(result).length > 0 ? result : undefined;
  };

  const kindText = textOf(all('kind', 'x-addressbookserver-kind')[0]?.[3]).toLowerCase();
  const kind: JsCardKind = kindText === 'group' || kindText === 'org' ? kindText : 'individual';
  const name = nameOf(all('n')[0], textOf(all('fn')[0]?.[3]).trim());
  const card: Record<string, unknown> = {
    '@type': 'Card',
    version: '1.0',
    uid: textOf(all('uid')[0]?.[3]).trim(),
    kind,
  };
  if (name !== undefined) card.name = name;
  const maps: Record<string, Record<string, unknown> | undefined> = {
    nicknames: entries(
      'nicknames',
      all('nickname').flatMap((p) =>
        valuesOf(p)
          .flatMap((value) => value.split(','))
          .map((value) => value.trim())
          .filter((value) => value !== '')
          .map((value): [JcardProperty, unknown] => [p, { name: value }]),
      ),
    ),
    organizations: entries(
      'organizations',
      all('org').map((p) => {
        const [first = '', ...units] = componentsOf(p[3]);
        const unitList = units.filter((unit) => unit !== '').map((unit) => ({ name: unit }));
        return [p, { ...(first !== '' && { name: first }), ...(unitList.length > 0 && { units: unitList }) }];
      }),
    ),
    titles: entries('titles', [
      ...all('title', 'role').map((p): [JcardProperty, unknown] => [
        p,
        { name: textOf(p[3]), kind: p[0] === 'role' ? 'role' : 'title' },
      ]),
    ]),
    emails: entries(
      'emails',
      all('email').map((p) => [p, withCommon(p, { address: stripScheme(textOf(p[3]), 'mailto:') })]),
    ),
    phones: entries(
      'phones',
      all('tel').map((p) => {
        const features = booleanMap(typesOf(p).flatMap((type) => PHONE_FEATURES[type] ?? []));
        return [p, withCommon(p, { number: textOf(p[3]).trim(), ...(features && { features }) })];
      }),
    ),
    addresses: entries(
      'addresses',
      all('adr').map((p) => [p, withCommon(p, addressOf(p))]),
    ),
    onlineServices: entries(
      'onlineServices',
      all('impp').map((p) => [p, withCommon(p, { uri: textOf(p[3]).trim() })]),
    ),
    links: entries(
      'links',
      all('url').map((p) => [p, withCommon(p, { uri: textOf(p[3]).trim() })]),
    ),
    notes: entries(
      'notes',
      all('note').map((p) => [p, { note: textOf(p[3]) }]),
    ),
    anniversaries: entries(
      'anniversaries',
      all('bday', 'anniversary', 'deathdate').flatMap((p): [JcardProperty, JsAnniversary][] => {
        const date = partialDate(textOf(p[3]));
        const kinds = { bday: 'birth', anniversary: 'wedding', deathdate: 'death' } as const;
        return date === undefined ? [] : [[p, { kind: kinds[p[0] as keyof typeof kinds], date }]];
      }),
    ),
  };
  for (const [key, value] of Object.entries(maps)) if (value !== undefined) card[key] = value;
  const members = all('member', 'x-addressbookserver-member')
    .map((p) => textOf(p[3]).trim())
    .filter((member) => member !== '');
  if (kind === 'group' && members.length > 0)
    card.members = Object.fromEntries(members.map((member) => [member, true]));
  return card as unknown as JsCard;
}

function uniqueId(taken: Record<string, unknown>, id: string): string {
  let candidate = id;
  for (let n = 2; Object.hasOwn(taken, candidate); n++) candidate = `${id}-${n}`;
  return candidate;
}

function nameOf(
  n: JcardProperty | undefined,
  full: string,
): { components?: JsNameComponent[]; full?: string } | undefined {
  const parts = n === undefined ? [] : componentsOf(n[3]);
  // N: family; given; additional; prefixes; suffixes (RFC 6350 §6.2.2), shown in reading order.
  const order: [number, JsNameComponent['kind']][] = [
    [3, 'title'],
    [1, 'given'],
    [2, 'given2'],
    [0, 'surname'],
    [4, 'credential'],
  ];
  const components = order.flatMap(([index, kind]) =>
    (parts[index] ?? '')
      .split(',')
      .map((value) => value.trim())
      .filter((value) => value !== '')
      .map((value) => ({ kind, value })),
  );
  if (components.length === 0 && full === '') return undefined;
  return { ...(components.length > 0 && { components }), ...(full !== '' && { full }) };
}

function addressOf(p: JcardProperty): JsAddress {
  const parts = componentsOf(p[3]);
  const components = ADDRESS_KINDS.flatMap((kind, index) => {
    const value = (parts[index] ?? '').trim();
    return value === '' ? [] : [{ kind, value }];
  });
  const countryCode = textOf(p[1].cc).trim();
  const full = textOf(p[1].label).trim();
  return {
    ...(components.length > 0 && { components }),
    ...(/^[A-Za-z]{2}$/.test(countryCode) && { countryCode: countryCode.toLowerCase() }),
    ...(full !== '' && { full }),
  };
}

/** Contexts (work, private) and pref, from TYPE and PREF. */
function withCommon<T extends object>(p: JcardProperty, value: T): T {
  const types = typesOf(p);
  const contexts = booleanMap(
    types.flatMap((type) => (type === 'work' ? ['work'] : type === 'home' ? ['private'] : [])),
  );
  const prefParameter = Number(textOf(p[1].pref));
  const pref =
    Number.isInteger(prefParameter) && prefParameter >= 1 && prefParameter <= 100
      ? prefParameter
      : types.includes('pref')
        ? 1
        : undefined;
  return { ...value, ...(contexts && { contexts }), ...(pref !== undefined && { pref }) };
}

function booleanMap(keys: readonly string[]): Record<string, true> | undefined {
  return keys.length > 0 ? Object.fromEntries(keys.map((key) => [key, true])) : undefined;
}

function typesOf(p: JcardProperty): string[] {
  const type = p[1].type;
  const list = Array.isArray(type) ? type : type === undefined ? [] : [type];
  return list.flatMap((value) => textOf(value).toLowerCase().split(',')).map((value) => value.trim());
}

/** A property's values: ical.js gives one per element after the value type (NICKNAME lists). */
function valuesOf(p: JcardProperty): string[] {
  return p.slice(3).map(textOf);
}

/** '1990-05-01', '19900501', '--05-01', '--0501', a date-time: the date's known parts (RFC 6350 §4.3). */
export function partialDate(value: string): JsPartialDate | undefined {
  const full = /^(\d{4})-?(\d{2})-?(\d{2})/.exec(value);
  if (full !== null) return validDate(Number(full[1]), Number(full[2]), Number(full[3]));
  const noYear = /^--(\d{2})-?(\d{2})/.exec(value);
  if (noYear !== null) return validDate(undefined, Number(noYear[1]), Number(noYear[2]));
  const yearOnly = /^(\d{4})$/.exec(value);
  if (yearOnly !== null) return { year: Number(yearOnly[1]) };
  return undefined;
}

function validDate(year: number | undefined, month: number, day: number): JsPartialDate | undefined {
  if (month < 1 || month > 12 || day < 1 || day > 31) return undefined;
  return { ...(year !== undefined && { year }), month, day };
}

function textOf(value: unknown): string {
  if (typeof value === 'string') return value;
  if (Array.isArray(value)) return value.map(textOf).join(',');
  if (value === undefined || value === null) return '';
  return String(value);
}

/** A structured value's components (N, ADR, ORG); a component holding several values is joined by commas. */
function componentsOf(value: unknown): string[] {
  if (Array.isArray(value)) return value.map((part) => textOf(part));
  return value === undefined ? [] : [textOf(value)];
}

function stripScheme(value: string, scheme: string): string {
  const trimmed = value.trim();
  return trimmed.toLowerCase().startsWith(scheme) ? trimmed.slice(scheme.length) : trimmed;
}
