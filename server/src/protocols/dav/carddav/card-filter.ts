// The filter of addressbook-query (RFC 6352 §10.5): prop-filter on property names, text-match with the
// collations of §8.3 (i;unicode-casemap by default, i;ascii-casemap, i;octet) and match types (equals,
// contains, starts-with, ends-with), is-not-defined, param-filter; anyof / allof at both levels. Evaluated on
// the card's content lines, without parsing the card again.

import { ParseError } from '#core/errors';
import { childElements, isNamed, textOf, type XmlElement } from '../wire/xml-request.ts';
import { NS } from '../wire/dav-names.ts';
import { contentLines } from './address-data.ts';

type Collation = 'i;unicode-casemap' | 'i;ascii-casemap' | 'i;octet';
const COLLATIONS: readonly string[] = ['i;unicode-casemap', 'i;ascii-casemap', 'i;octet'];
type MatchType = 'equals' | 'contains' | 'starts-with' | 'ends-with';
const MATCH_TYPES: readonly string[] = ['equals', 'contains', 'starts-with', 'ends-with'];

interface TextMatch {
  readonly text: string;
  readonly collation: Collation;
  readonly matchType: MatchType;
  readonly isNegated: boolean;
}

interface ParamFilter {
  readonly name: string;
  readonly isNotDefined: boolean;
  readonly textMatch?: TextMatch;
}

interface PropFilter {
  readonly name: string;
  readonly isAllOf: boolean;
  readonly isNotDefined: boolean;
  readonly textMatches: readonly TextMatch[];
  readonly paramFilters: readonly ParamFilter[];
}

export interface CardFilter {
  readonly isAllOf: boolean;
  readonly propFilters: readonly PropFilter[];
}

/** ParseError('unsupportedCollation') for a collation we do not offer (403 supported-collation). */
export function parseCardFilter(filter: XmlElement | undefined): CardFilter {
  if (filter === undefined) return { isAllOf: false, propFilters: [] };
  return {
    isAllOf: filter.getAttribute('test') === 'allof',
    propFilters: childElements(filter)
      .filter((e) => isNamed(e, NS.carddav, 'prop-filter'))
      .map((e) => {
        const children = childElements(e);
        return {
          name: (e.getAttribute('name') ?? '').toUpperCase(),
          isAllOf: e.getAttribute('test') === 'allof',
          isNotDefined: children.some((c) => isNamed(c, NS.carddav, 'is-not-defined')),
          textMatches: children.filter((c) => isNamed(c, NS.carddav, 'text-match')).map(parseTextMatch),
          paramFilters: children
            .filter((c) => isNamed(c, NS.carddav, 'param-filter'))
            .map((p) => {
              const match = childElements(p).find((c) => isNamed(c, NS.carddav, 'text-match'));
              return {
                name: (p.getAttribute('name') ?? '').toUpperCase(),
                isNotDefined: childElements(p).some((c) => isNamed(c, NS.carddav, 'is-not-defined')),
                ...(match !== undefined && { textMatch: parseTextMatch(match) }),
              };
            }),
        };
      }),
  };
}

function parseTextMatch(element: XmlElement): TextMatch {
  const collation = element.getAttribute('collation') || 'i;unicode-casemap';
  if (!COLLATIONS.includes(collation))
    throw new ParseError('unsupportedCollation', `collation ${collation.slice(0, 64)}`);
  const matchType = element.getAttribute('match-type') || 'contains';
  if (!MATCH_TYPES.includes(matchType))
    throw new ParseError('badFilter', `match-type ${matchType.slice(0, 64)}`);
  return {
    text: textOf(element),
    collation: collation as Collation,
    matchType: matchType as MatchType,
    isNegated: element.getAttribute('negate-condition') === 'yes',
  };
}

interface Line {
  readonly name: string;
  readonly params: string;
  readonly value: string;
}

function linesOf(vcard: string): Line[] {
  return contentLines(vcard).map(({ name, raw }) => {
    const unfolded = raw.replace(/\r\n[ \t]/g, '');
    const colon = valueStart(unfolded);
    const head = unfolded.slice(0, colon);
    const semicolon = head.indexOf(';');
    return {
      name,
      params: semicolon === -1 ? '' : head.slice(semicolon + 1),
      value: unfolded
        .slice(colon + 1)
        .replace(/\\([,;\\])/g, '$1')
        .replace(/\\n/gi, '\n'),
    };
  });
}

/** The colon that ends the name and parameters (one inside a quoted parameter value does not count). */
function valueStart(line: string): number {
  let isQuoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i];
    if (c === '"') isQuoted = !isQuoted;
    else if (c === ':' && !isQuoted) return i;
  }
  return line.length;
}

function fold(value: string, collation: Collation): string {
  if (collation === 'i;octet') return value;
  if (collation === 'i;ascii-casemap') return value.replace(/[A-Z]/g, (c) => c.toLowerCase());
  return value.normalize('NFC').toLowerCase();
}

function textMatches(value: string, match: TextMatch): boolean {
  const haystack = fold(value, match.collation);
  const needle = fold(match.text, match.collation);
  const isMatch =
    match.matchType === 'equals'
      ? haystack === needle
      : match.matchType === 'starts-with'
        ? haystack.startsWith(needle)
        : match.matchType === 'ends-with'
          ? haystack.endsWith(needle)
          : haystack.includes(needle);
  return match.isNegated ? !isMatch : isMatch;
}

function paramMatches(line: Line, filter: ParamFilter): boolean {
  const params = line.params.split(';').filter((p) => p !== '');
  const values = params
    .filter((p) => p.split('=')[0]?.toUpperCase() === filter.name)
    .map((p) => p.slice(p.indexOf('=') + 1).replace(/^"|"$/g, ''));
  // vCard 3 bare TYPE values (EMAIL;INTERNET) count as TYPE.
  if (filter.name === 'TYPE') values.push(...params.filter((p) => !p.includes('=')));
  if (filter.isNotDefined) return values.length === 0;
  if (filter.textMatch === undefined) return values.length > 0;
  const match = filter.textMatch;
  return values.some((v) => v.split(',').some((one) => textMatches(one, match)));
}

function propMatches(lines: readonly Line[], filter: PropFilter): boolean {
  const named = lines.filter((line) => line.name === filter.name);
  if (filter.isNotDefined) return named.length === 0;
  if (named.length === 0) return false;
  const tests = [
    ...filter.textMatches.map((match) => (line: Line) => textMatches(line.value, match)),
    ...filter.paramFilters.map((param) => (line: Line) => paramMatches(line, param)),
  ];
  if (tests.length === 0) return true;
  return named.some((line) => (filter.isAllOf ? tests.every((t) => t(line)) : tests.some((t) => t(line))));
}

export function cardMatches(vcard: string, filter: CardFilter): boolean {
  if (filter.propFilters.length === 0) return true;
  const lines = linesOf(vcard);
  return filter.isAllOf
    ? filter.propFilters.every((f) => propMatches(lines, f))
    : filter.propFilters.some((f) => propMatches(lines, f));
}
