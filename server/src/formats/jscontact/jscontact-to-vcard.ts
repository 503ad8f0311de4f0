// JSContact Card → vCard (RFC 9555 §2, the reverse of vcard-to-jscontact.ts). A card that already exists is
// patched, not regenerated: its lines for the properties the codec models are replaced, every other line (PHOTO,
// X- properties, CATEGORIES, Apple's item groups of kept properties) stays byte for byte, so a phone's card
// loses nothing when the web app edits it. A new card is vCard 3.0, which every CardDAV client reads (groups
// then use Apple's X-ADDRESSBOOKSERVER-KIND/-MEMBER, which the vCard codec reads too).

import type { JsAddress, JsPartialDate } from '@vercors/contract';
import { escapeText, foldLine } from '#formats/vcard';
import { ID_PREFIXES, MODELED_PROPERTIES, type CardMap, type JsCard } from './jscontact-card.ts';

export interface VcardWriteOptions {
  /** The card's current text, when it exists: the lines the codec does not model are kept. */
  readonly existing?: string;
  /** The REV to write (UTC, RFC 3339). */
  readonly rev: string;
}

const ADDRESS_ORDER = [
  'postOfficeBox',
  'apartment',
  'name',
  'locality',
  'region',
  'postcode',
  'country',
] as const;
const FEATURE_TYPES: Readonly<Record<string, string>> = {
  voice: 'VOICE',
  mobile: 'CELL',
  fax: 'FAX',
  pager: 'PAGER',
  text: 'TEXT',
  video: 'VIDEO',
  textphone: 'TEXTPHONE',
};

export function jscontactToVcard(card: JsCard, options: VcardWriteOptions): string {
  const kept = options.existing === undefined ? undefined : keptLines(options.existing);
  const version = kept?.version ?? '3.0';
  const isV4 = version === '4.0';
  const lines: string[] = [];
  const add = (name: string, parameters: readonly string[], value: string) =>
    lines.push(`${[name, ...parameters].join(';')}:${value}`);

  if (kept === undefined) {
    lines.push('BEGIN:VCARD', 'VERSION:3.0', `UID:${escapeText(card.uid)}`);
  } else lines.push(...kept.lines);

  // Names: FN is required (RFC 6350 §6.2.1); vCard 3 requires N as well.
  const components = card.name?.components ?? [];
  const part = (...kinds: string[]) =>
    components
      .filter((c) => kinds.includes(c.kind))
      .map((c) => escapeComponent(c.value))
      .join(',');
  const full =
    card.name?.full ??
    (components
      .filter((c) => c.kind !== 'credential')
      .map((c) => c.value)
      .join(' ') ||
      Object.values(card.organizations ?? {})[0]?.name ||
      Object.values(card.emails ?? {})[0]?.address ||
      '');
  add('FN', [], escapeText(full));
  if (components.length > 0 || !isV4)
    add(
      'N',
      [],
      [
        part('surname', 'surname2'),
        part('given'),
        part('given2'),
        part('title'),
        part('credential', 'generation'),
      ].join(';'),
    );

  if (card.kind === 'group' || card.kind === 'org') {
    if (isV4) add('KIND', [], card.kind);
    else add('X-ADDRESSBOOKSERVER-KIND', [], card.kind);
  }
  if (card.kind === 'group')
    for (const member of Object.keys(card.members ?? {}))
      add(isV4 ? 'MEMBER' : 'X-ADDRESSBOOKSERVER-MEMBER', [], member);

  const each = <T>(
    map: CardMap,
    entries: Readonly<Record<string, T>> | undefined,
    write: (value: T, id: string[]) => void,
  ) => {
    Object.entries(entries ?? {}).forEach(([id, value], index) => {
      write(value, id === `${ID_PREFIXES[map]}${index + 1}` ? [] : [`PROP-ID=${parameterValue(id)}`]);
    });
  };
  each('nicknames', card.nicknames, (value, id) => add('NICKNAME', id, escapeText(value.name)));
  each('organizations', card.organizations, (value, id) =>
    add(
      'ORG',
      id,
      [value.name ?? '', ...(value.units ?? []).map((unit) => unit.name)].map(escapeComponent).join(';'),
    ),
  );
  each('titles', card.titles, (value, id) =>
    add(value.kind === 'role' ? 'ROLE' : 'TITLE', id, escapeText(value.name)),
  );
  each('emails', card.emails, (value, id) =>
    add(
      'EMAIL',
      [...id, ...typeParameters(isV4, value, isV4 ? [] : ['INTERNET'])],
      escapeText(value.address),
    ),
  );
  each('phones', card.phones, (value, id) => {
    const features = Object.keys(value.features ?? {}).flatMap((feature) => FEATURE_TYPES[feature] ?? []);
    const isUri = /^tel:/i.test(value.number);
    const valueType = isV4 && isUri ? ['VALUE=uri'] : [];
    const number = !isV4 && isUri ? value.number.slice(4) : value.number;
    add('TEL', [...id, ...valueType, ...typeParameters(isV4, value, features)], escapeText(number));
  });
  each('addresses', card.addresses, (value, id) => writeAddress(add, isV4, value, id));
  each('onlineServices', card.onlineServices, (value, id) =>
    add('IMPP', [...id, ...typeParameters(isV4, value, [])], value.uri),
  );
  each('links', card.links, (value, id) =>
    add('URL', [...id, ...typeParameters(isV4, value, [])], value.uri),
  );
  each('notes', card.notes, (value, id) => add('NOTE', id, escapeText(value.note)));
  each('anniversaries', card.anniversaries, (value, id) => {
    const name = value.kind === 'birth' ? 'BDAY' : value.kind === 'wedding' ? 'ANNIVERSARY' : 'DEATHDATE';
    const date = dateText(value.date, isV4);
    if (date !== undefined) add(name, id, date);
  });
  add('REV', [], options.rev);
  lines.push('END:VCARD');
  return `${lines.map(foldLine).join('\r\n')}\r\n`;
}

function writeAddress(
  add: (name: string, parameters: readonly string[], value: string) => void,
  isV4: boolean,
  value: JsAddress,
  id: readonly string[],
): void {
  const components = value.components ?? [];
  const parts = ADDRESS_ORDER.map((kind) =>
    components
      .filter((c) => c.kind === kind)
      .map((c) => escapeComponent(c.value))
      .join(','),
  );
  const extra = [
    ...(value.countryCode === undefined ? [] : [`CC=${parameterValue(value.countryCode.toUpperCase())}`]),
    ...(isV4 && value.full !== undefined ? [`LABEL=${parameterValue(value.full)}`] : []),
  ];
  add('ADR', [...id, ...extra, ...typeParameters(isV4, value, [])], parts.join(';'));
}

/** TYPE (contexts and extra types) and PREF: vCard 4 PREF=n; vCard 3 has only TYPE=pref. */
function typeParameters(
  isV4: boolean,
  value: { readonly contexts?: Readonly<Record<string, true>>; readonly pref?: number },
  extra: readonly string[],
): string[] {
  const contexts = Object.keys(value.contexts ?? {}).flatMap((context) =>
    context === 'work' ? ['WORK'] : context === 'private' ? ['HOME'] : [],
  );
  const types = [...extra, ...contexts];
  if (!isV4 && value.pref !== undefined) types.push('pref');
  return [
    ...(types.length > 0 ? [`TYPE=${types.map(parameterValue).join(',')}`] : []),
    ...(isV4 && value.pref !== undefined ? [`PREF=${value.pref}`] : []),
  ];
}

/** vCard 4 writes a date without year as --MMDD; vCard 3 has no such form, so it is left out of BDAY. */
function dateText(date: JsPartialDate, isV4: boolean): string | undefined {
  const two = (n: number) => String(n).padStart(2, '0');
  if (date.month === undefined || date.day === undefined)
    return isV4 && date.year !== undefined ? String(date.year).padStart(4, '0') : undefined;
  if (date.year === undefined) return isV4 ? `--${two(date.month)}${two(date.day)}` : undefined;
  return `${String(date.year).padStart(4, '0')}-${two(date.month)}-${two(date.day)}`;
}

function escapeComponent(value: string): string {
  return escapeText(value).replace(/;/g, '\\;');
}

/** A parameter value: quoted when it holds a separator; quotes and controls cannot be written, so they go. */
function parameterValue(value: string): string {
  // biome-ignore lint/suspicious/noControlCharactersInRegex: controls are what is removed
  const clean = value.replace(/["\0-\x1f\x7f]/g, '');
  return /[:;,]/.test(clean) ? `"${clean}"` : clean;
}

/**
 * The lines of an existing card to keep (unfolded, as written): everything but END:VCARD and the modeled
 * properties, and any Apple item group (`item1.EMAIL`, `item1.X-ABLabel`) that holds a modeled one.
 */
function keptLines(text: string): { version: '3.0' | '4.0'; lines: string[] } {
  const unfolded: string[] = [];
  for (const line of text.split(/\r?\n/)) {
    if ((line.startsWith(' ') || line.startsWith('\t')) && unfolded.length > 0)
      unfolded[unfolded.length - 1] += line.slice(1);
    else if (line !== '') unfolded.push(line);
  }
  const nameOf = (line: string) => {
    const match = /^(?:([A-Za-z0-9-]+)\.)?([A-Za-z0-9-]+)/.exec(line);
    return { group: match?.[1]?.toLowerCase(), name: (match?.[2] ?? '').toLowerCase() };
  };
  const droppedGroups = new Set(
    unfolded.flatMap((line) => {
      const { group, name } = nameOf(line);
      return group !== undefined && MODELED_PROPERTIES.has(name) ? [group] : [];
    }),
  );
  let version: '3.0' | '4.0' = '3.0';
  const lines = unfolded.filter((line) => {
    const { group, name } = nameOf(line);
    if (name === 'version' && /:\s*4\.0\s*$/.test(line)) version = '4.0';
    if (name === 'end') return false;
    if (group !== undefined && droppedGroups.has(group)) return false;
    return !MODELED_PROPERTIES.has(name);
  });
  return { version, lines };
}
