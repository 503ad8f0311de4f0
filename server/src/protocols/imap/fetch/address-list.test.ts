import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { type ImapAddress, parseAddressList } from './address-list.ts';

/** `name|route|mailbox|host` with `-` for none, `group:name` and `;` for group markers. */
function render(addresses: readonly ImapAddress[]): string[] {
  return addresses.map((address) => {
    if (address.kind === 'groupStart') return `group:${address.name}`;
    if (address.kind === 'groupEnd') return ';';
    return [address.name ?? '-', address.route ?? '-', address.mailbox, address.host].join('|');
  });
}

describe('address lists read for ENVELOPE', () => {
  const cases: [string, string, string[]][] = [
    ['a bare addr-spec has no name', 'jean@example.fr', ['-|-|jean|example.fr']],
    ['a display name is kept', 'Jean Dupont <jean@example.fr>', ['Jean Dupont|-|jean|example.fr']],
    [
      'a quoted name loses its quotes and keeps its comma',
      '"Dupont, Jean" <jean@example.fr>, b@example.fr',
      ['Dupont, Jean|-|jean|example.fr', '-|-|b|example.fr'],
    ],
    [
      'encoded words stay encoded',
      '=?utf-8?q?Ren=C3=A9e?= <r@example.fr>',
      ['=?utf-8?q?Ren=C3=A9e?=|-|r|example.fr'],
    ],
    [
      'adjacent encoded words keep the space a client drops when decoding',
      '=?utf-8?q?a?=   =?utf-8?q?b?= <r@example.fr>',
      ['=?utf-8?q?a?= =?utf-8?q?b?=|-|r|example.fr'],
    ],
    [
      'a quoted encoded word (Outlook) is unquoted',
      '"=?utf-8?B?Sm9zw6k=?=" <jose@example.fr>',
      ['=?utf-8?B?Sm9zw6k=?=|-|jose|example.fr'],
    ],
    [
      'a comment after an addr-spec is its name',
      'jean@example.fr (Jean Dupont)',
      ['Jean Dupont|-|jean|example.fr'],
    ],
    [
      'a nested comment is read whole',
      'jean@example.fr (Jean (JJ) Dupont)',
      ['Jean (JJ) Dupont|-|jean|example.fr'],
    ],
    ['an unterminated comment runs to the end', 'jean@example.fr (Jean', ['Jean|-|jean|example.fr']],
    [
      'a source route becomes the adl',
      '<@relay.example,@b.example:jean@example.fr>',
      ['-|@relay.example,@b.example|jean|example.fr'],
    ],
    [
      'an empty group is a start and an end marker',
      'undisclosed-recipients:;',
      ['group:undisclosed-recipients', ';'],
    ],
    [
      'group members sit between the markers',
      'Equipe: a@example.fr, "B" <b@example.fr>;, c@example.fr',
      ['group:Equipe', '-|-|a|example.fr', 'B|-|b|example.fr', ';', '-|-|c|example.fr'],
    ],
    [
      'a group left open is closed at the end',
      'Equipe: a@example.fr',
      ['group:Equipe', '-|-|a|example.fr', ';'],
    ],
    [
      'two groups follow each other',
      'A: a@example.fr; B: b@example.fr;',
      ['group:A', '-|-|a|example.fr', ';', 'group:B', '-|-|b|example.fr', ';'],
    ],
    ['a quoted local part keeps its quotes', '"jean dupont"@example.fr', ['-|-|"jean dupont"|example.fr']],
    [
      'a word without a domain gets the missing-domain placeholder',
      'undisclosed-recipients',
      ['-|-|undisclosed-recipients|MISSING_DOMAIN'],
    ],
    ['an empty angle address gets both placeholders', 'Jean <>', ['Jean|-|MISSING_MAILBOX|MISSING_DOMAIN']],
    [
      'empty list items are skipped',
      'a@example.fr, , ,b@example.fr',
      ['-|-|a|example.fr', '-|-|b|example.fr'],
    ],
    ['an obs-phrase with a dot keeps it', 'J. Doe <j@example.fr>', ['J. Doe|-|j|example.fr']],
    [
      'escaped quotes in a name are unescaped',
      '"Jean \\"JJ\\" Dupont" <j@example.fr>',
      ['Jean "JJ" Dupont|-|j|example.fr'],
    ],
    [
      'folding whitespace in a name collapses',
      'Jean\t   Dupont <j@example.fr>',
      ['Jean Dupont|-|j|example.fr'],
    ],
    ['a domain literal is kept as written', 'jean@[192.0.2.1]', ['-|-|jean|[192.0.2.1]']],
    ['raw UTF-8 names are kept (RFC 6532)', 'José Núñez <jose@exemple.fr>', ['José Núñez|-|jose|exemple.fr']],
    [
      'a missing closing bracket still gives the address',
      'Jean <jean@example.fr',
      ['Jean|-|jean|example.fr'],
    ],
    ['spaces around the dots of a domain are dropped', 'jean@example . fr', ['-|-|jean|example.fr']],
    ['an empty value has no address', '', []],
    ['a value of commas has no address', ' , ,', []],
  ];
  for (const [behaviour, value, expected] of cases) {
    it(behaviour, () => {
      assert.deepEqual(render(parseAddressList(value)), expected);
    });
  }

  it('keeps at most 5000 addresses of one field', () => {
    const value = Array.from({ length: 6000 }, (_, index) => `u${index}@example.fr`).join(', ');
    const addresses = parseAddressList(value);
    assert.equal(addresses.length, 5000);
    assert.deepEqual(render(addresses.slice(-1)), ['-|-|u4999|example.fr']);
  });

  it('reads a 256 KiB field of junk in linear time', () => {
    const started = performance.now();
    parseAddressList('((((<@"'.repeat(40_000));
    parseAddressList('a'.repeat(300_000));
    assert.ok(performance.now() - started < 2000);
  });
});
