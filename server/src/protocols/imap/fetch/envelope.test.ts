import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { EnvelopeFields } from '#formats/mime';
import { writeEnvelope } from './envelope.ts';
import { readValues, storedOf, written } from './fetch.fixture.ts';
import { MIXED, PLAIN } from './fetch-messages.fixture.ts';

const envelopeOf = (fields: EnvelopeFields | undefined, utf8 = false) =>
  written((writer) => writeEnvelope(writer, fields), { utf8 });

describe('ENVELOPE of a parsed message', () => {
  it('writes every field of a multipart message as its header has it (golden)', async () => {
    const { structure } = await storedOf(MIXED);
    // Expectations from RFC 9051 §7.5.2: the name and subject stay RFC 2047 encoded (Dovecot does the same);
    // Sender is absent so it repeats From; Cc is a group; Bcc is absent so NIL; In-Reply-To and Message-ID
    // are the raw field values, angle brackets included.
    assert.equal(
      envelopeOf(structure.envelope),
      '("Mon, 1 Sep 2025 08:30:00 +0200" "=?utf-8?q?R=C3=A9union_de_rentr=C3=A9e?=" ' +
        '(("=?utf-8?q?Ren=C3=A9e_Martin?=" NIL "renee.martin" "ac-grenoble.fr")) ' +
        '(("=?utf-8?q?Ren=C3=A9e_Martin?=" NIL "renee.martin" "ac-grenoble.fr")) ' +
        '((NIL NIL "reponses" "ac-grenoble.fr")) ' +
        '(("Dupont, Jean" NIL "jean.dupont" "ac-grenoble.fr")(NIL NIL "secretariat" "ac-grenoble.fr")) ' +
        '((NIL NIL "Equipe" NIL)(NIL NIL "a" "ac-grenoble.fr")("B" NIL "b" "ac-grenoble.fr")(NIL NIL NIL NIL)) ' +
        'NIL "<convocation@ac-grenoble.fr>" "<reunion-2025@ac-grenoble.fr>")',
    );
  });

  it('sends an empty subject as "" and absent fields as NIL', async () => {
    const { structure } = await storedOf(PLAIN);
    const [envelope] = readValues(envelopeOf(structure.envelope));
    assert.deepEqual(envelope, [
      'Tue, 2 Sep 2025 09:00:00 +0200',
      '',
      [[null, null, 'luc.fabre', 'ac-grenoble.fr']],
      [[null, null, 'luc.fabre', 'ac-grenoble.fr']],
      [[null, null, 'luc.fabre', 'ac-grenoble.fr']],
      null,
      null,
      null,
      null,
      null,
    ]);
  });

  const cases: [string, EnvelopeFields, number, string][] = [
    ['a missing envelope is ten NILs', {}, 0, 'NIL'],
    [
      'an empty Sender falls back to From',
      { from: 'a@example.fr', sender: '' },
      3,
      '((NIL NIL "a" "example.fr"))',
    ],
    [
      'a Reply-To of junk commas falls back to From',
      { from: 'a@example.fr', replyTo: ' , ' },
      4,
      '((NIL NIL "a" "example.fr"))',
    ],
    [
      'a present Sender is kept',
      { from: 'a@example.fr', sender: 'b@example.fr' },
      3,
      '((NIL NIL "b" "example.fr"))',
    ],
    ['an empty From is NIL, and so are Sender and Reply-To', { from: '' }, 4, 'NIL'],
    [
      'a folded subject has its whitespace collapsed',
      { subject: 'Compte\t rendu  du   conseil' },
      1,
      '"Compte rendu du conseil"',
    ],
    ['an empty Date is the empty string', { date: '' }, 0, '""'],
    [
      'In-Reply-To is sent as written, several ids included',
      { inReplyTo: '<a@x> <b@x>' },
      8,
      '"<a@x> <b@x>"',
    ],
  ];
  for (const [behaviour, fields, index, expected] of cases) {
    it(behaviour, () => {
      const [envelope] = readValues(envelopeOf(fields));
      assert.ok(Array.isArray(envelope) && envelope.length === 10);
      const [value] = readValues(expected);
      assert.deepEqual(envelope[index], value);
    });
  }

  it('sends a raw UTF-8 name quoted to a UTF-8 client and as a literal to a rev1 client', () => {
    const fields = { from: 'José Núñez <jose@exemple.fr>' };
    assert.match(envelopeOf(fields, true), /\(\("José Núñez" NIL "jose" "exemple\.fr"\)\)/);
    assert.match(envelopeOf(fields, false), /\(\(\{13\}\r\nJosé Núñez NIL "jose" "exemple\.fr"\)\)/);
    assert.deepEqual(readValues(envelopeOf(fields, false))[0], readValues(envelopeOf(fields, true))[0]);
  });

  it('quotes a subject with quotes and sends one with many as a literal', () => {
    assert.match(envelopeOf({ subject: 'Re: "ordre du jour"' }), /"Re: \\"ordre du jour\\""/);
    const [envelope] = readValues(envelopeOf({ subject: '"a" "b" "c"' }));
    assert.ok(Array.isArray(envelope));
    assert.equal(envelope[1], '"a" "b" "c"');
  });
});
