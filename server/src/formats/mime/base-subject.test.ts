import assert from 'node:assert/strict';
import { test } from 'node:test';
import { baseSubject } from './base-subject.ts';

const CASES: [string, string][] = [
  ['Réunion', 'Réunion'],
  ['Re: Réunion', 'Réunion'],
  ['RE: re: Re: Réunion', 'Réunion'],
  ['Fwd: Fw: FWD: Réunion', 'Réunion'],
  ['TR : Réunion', 'Réunion'],
  ['TR: RE : Conseil de classe', 'Conseil de classe'],
  ['RE\u00a0: Réunion parents-professeurs', 'Réunion parents-professeurs'],
  ['Tr\u202f: Réunion', 'Réunion'],
  ['AW: WG: SV: VS: RIF: Antw: Réunion', 'Réunion'],
  ['Re[2]: Réunion', 'Réunion'],
  ['Re(3): Réunion', 'Réunion'],
  ['[profs-maths] Re: [profs-maths] Sujets', 'Sujets'],
  ['Re: [profs-maths] Sujets', 'Sujets'],
  ['[profs-maths]', '[profs-maths]'],
  ['Sujets (fwd)', 'Sujets'],
  ['Sujets (fwd) (FWD)  ', 'Sujets'],
  ['[Fwd: Re: Sujets]', 'Sujets'],
  ['  Re:   Sujets   du    brevet ', 'Sujets du brevet'],
  ['Re:', ''],
  ['', ''],
  ['Rendez-vous: jeudi', 'Rendez-vous: jeudi'],
  ['Réponse attendue', 'Réponse attendue'],
  ['Trimestre : bilan', 'Trimestre : bilan'],
];

for (const [subject, expected] of CASES) {
  test(`the base subject of ${JSON.stringify(subject)} is ${JSON.stringify(expected)}`, () => {
    assert.equal(baseSubject(subject), expected);
  });
}

test('pathological subjects are handled in bounded time', () => {
  const started = performance.now();
  for (const subject of [
    '['.repeat(16_384),
    '[a]'.repeat(5000),
    'Re: '.repeat(5000),
    `${' '.repeat(8000)}x(fwd)`,
  ]) {
    baseSubject(subject);
  }
  assert.ok(performance.now() - started < 2000);
});
