// The spelling service on its real thread and dictionary (nspell + dictionary-fr), loaded once for the file:
// about 5 s of one core. The bounds are tested quickly with a stand-in thread in spelling-bounds.test.ts.

import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { createLogger } from '#core/log';
import { createSpellingService, type SpellCheckOutcome } from './spelling-service.ts';

const logLines: string[] = [];
const spelling = createSpellingService({
  settings: { enabled: true, preload: false, maxWaiting: 32, timeout: 3000, idleUnload: 3_600_000 },
  log: createLogger({ level: 'info', destination: { write: (line: string) => void logLines.push(line) } }),
});
let firstAnswer: { outcome: SpellCheckOutcome; ms: number } | undefined;
/** The longest the event loop was held up while the dictionary loaded. */
let longestStallMs = 0;

before(async () => {
  const started = performance.now();
  const outcome = await spelling.check('bonjour');
  firstAnswer = { outcome, ms: performance.now() - started };
  let tick = performance.now();
  const ticker = setInterval(() => {
    longestStallMs = Math.max(longestStallMs, performance.now() - tick - 20);
    tick = performance.now();
  }, 20);
  await spelling.load();
  clearInterval(ticker);
});
after(() => spelling.close());

/** The misspelled words of `text` with their first suggestion. */
async function check(text: string) {
  const outcome = await spelling.check(text);
  assert.equal(outcome.isLoading, false);
  if (outcome.isLoading) return [];
  return outcome.misspelled;
}

test('the first check answers "loading" at once; the load runs on its own thread', (t) => {
  assert.deepEqual(firstAnswer?.outcome, { isLoading: true });
  assert.ok((firstAnswer?.ms ?? Infinity) < 500, `answered in ${firstAnswer?.ms} ms`);
  assert.ok(longestStallMs < 500, `the event loop stalled ${Math.round(longestStallMs)} ms during the load`);
  const loaded = logLines.map((line) => JSON.parse(line)).find((line) => line.msg === 'spell checker loaded');
  assert.ok(loaded, 'the load is logged with its cost');
  t.diagnostic(`dictionary loaded in ${loaded.loadMs} ms, worker heap ${loaded.heapMb} MB`);
});

test('correct French is not flagged: elisions, hyphens, names, acronyms, ligatures, numbers, links', async () => {
  const text = [
    "Bonjour à tous, la réunion d'aujourd'hui aura lieu à l’hôtel de ville d’Orléans.",
    'Peut-être viendrez-vous ? C’est-à-dire qu’il faudra prévoir l’électricité.',
    'Dis-moi : a-t-il reçu le cœur de l’œuvre, et cætera ? Est-ce que tu viens ?',
    'M. Durand et Mme Martin viendront du collège Champollion avec le CNED et l’INSPÉ.',
    'Au XIXe siècle, le 1er mai 2026 à 14h30, voir https://www.ac-grenoble.fr/esr ou écrire à paul.durand@ac-grenoble.fr.',
    'Etat, Ecole : les capitales sans accent passent.',
  ].join('\n');
  assert.deepEqual(await check(text), []);
});

test('misspelled words are flagged where they are, with French suggestions', async () => {
  const text = 'Bonjur, la reunion est prévue à l’hotel. Le coeur de l’electricite.';
  const found = await check(text);
  assert.deepEqual(
    found.map((entry) => [entry.word, text.slice(entry.start, entry.end), entry.suggestions[0]]),
    [
      ['Bonjur', 'Bonjur', 'Bonjour'],
      ['reunion', 'reunion', 'réunion'],
      ['hotel', 'hotel', 'hôtel'],
      ['coeur', 'coeur', 'cœur'],
      ['electricite', 'electricite', 'électricité'],
    ],
  );
  for (const entry of found) assert.ok(entry.suggestions.length <= 5);
});

test('a misspelled part of a hyphenated word is flagged alone', async () => {
  const text = 'Il viendra peut-étre demain.';
  const found = await check(text);
  assert.deepEqual(
    found.map((entry) => text.slice(entry.start, entry.end)),
    ['étre'],
  );
  assert.ok(found[0]?.suggestions.includes('être'), String(found[0]?.suggestions));
});

test('offsets are UTF-16 code units, past emoji and combining accents', async () => {
  const text = 'Merci 👍 pour la re\u0301union, la reunoin';
  const [entry] = await check(text);
  assert.equal(entry?.word, 'reunoin');
  assert.equal(text.slice(entry?.start, entry?.end), 'reunoin');
  assert.equal(entry?.start, 30);
});

test('a 2,000-word message is checked well within the time bound', async (t) => {
  const words = LETTER.split(/\s+/).length;
  const text = Array.from({ length: Math.ceil(2000 / words) }, () => LETTER)
    .join('\n')
    .split(/(?<=\s)/)
    .slice(0, 2000)
    .join('');
  assert.ok(text.length <= 20_000, `${text.length} characters`);
  const started = performance.now();
  const outcome = await spelling.check(text);
  const ms = performance.now() - started;
  assert.equal(outcome.isLoading, false);
  if (outcome.isLoading) return;
  assert.equal(outcome.isComplete, true);
  // Each repeat of the letter carries the same four mistakes.
  assert.deepEqual(
    [...new Set(outcome.misspelled.map((entry) => entry.word))].sort(),
    ['bulettin', 'interressant', 'parrents', 'sorrtie'].sort(),
  );
  assert.ok(ms < 3000, `checked in ${Math.round(ms)} ms`);
  const again = performance.now();
  await spelling.check(text);
  t.diagnostic(
    `2,000 words (${text.length} characters): ${Math.round(ms)} ms, then ${Math.round(performance.now() - again)} ms with suggestions cached`,
  );
});

/** A message as a teacher writes it, with four mistakes; repeated to make 2,000 words. */
const LETTER = `Madame, Monsieur,
Je me permets de vous écrire au sujet de la sortie scolaire prévue le jeudi 12 mars au musée de Grenoble.
Les élèves de la classe de cinquième partiront du collège à huit heures et reviendront vers seize heures
trente. Le transport sera assuré par un car de la société habituelle, et le déjeuner sera tiré du sac.
Je vous remercie de bien vouloir signer l’autorisation jointe et de la rendre au professeur principal
avant vendredi. Les parrents qui souhaitent accompagner le groupe peuvent se faire connaître dès
aujourd’hui : nous avons besoin de trois adultes au moins. Cette sorrtie complète le travail mené en
histoire sur le Moyen Âge ; les élèves rédigeront ensuite un compte rendu qui sera noté. Le bulettin
du deuxième trimestre tiendra compte de ce travail, qui s’annonce très interressant. Pour toute
question, n’hésitez pas à me contacter par la messagerie de l’établissement ou à prendre rendez-vous.
Je vous prie d’agréer, Madame, Monsieur, l’expression de mes salutations distinguées.`;
