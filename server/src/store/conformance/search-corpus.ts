// Deterministic French-like mail for search cases and the search bench: académie staff writing about
// meetings, timetables and outings, with accents, ligatures and typographic apostrophes. Same seed, same mail.

import type { SearchDocument } from '../store.ts';
import { seededRandom as random } from '#core/seeded-random';

const GIVEN = ['Marie', 'Jean', 'Camille', 'Élodie', 'François', 'Hélène', 'Loïc', 'Zoé', 'Jérôme', 'Anaïs'];
const FAMILY = ['Martin', 'Bernard', 'Lefèvre', 'Rousseau', 'Garnier', 'Chevalier', 'Gauthier', 'Mercier'];
const ACADEMIES = ['grenoble', 'lyon', 'clermont', 'dijon'];
const PLACES = ['Grenoble', 'Lyon', 'Valence', 'Chambéry', 'Annecy', 'Vienne', 'Montélimar', 'Voiron'];
const SUBJECTS = [
  'Réunion du conseil pédagogique',
  'Convocation : conseil de classe de {class}',
  'Emploi du temps modifié pour la {class}',
  'Sortie scolaire à {place}',
  'Compte rendu de la réunion des parents d’élèves',
  'Formation numérique : inscriptions ouvertes',
  'Coupure d’électricité prévue au collège',
  'Re: Projet d’établissement {year}',
  'Fwd: Calendrier des examens du brevet',
  'Absence de {given} {family}',
  'Demande d’autorisation de sortie',
  'Rappel : évaluations de mi-trimestre',
];
const SENTENCES = [
  'Bonjour à toutes et à tous,',
  'Je vous rappelle que la réunion aura lieu mardi à 17 h en salle des professeurs.',
  'Les élèves de {class} partiront de {place} à 8 h 30 et reviendront vers 17 h.',
  'Merci de transmettre les bulletins avant la fin du trimestre.',
  'L’emploi du temps de la {class} est modifié à compter de lundi prochain.',
  'Une coupure d’électricité est prévue jeudi matin pour des travaux de maintenance.',
  'Vous trouverez ci-joint le compte rendu du conseil d’administration.',
  'Les parents d’élèves sont invités à la réunion d’information du {day}.',
  'Le professeur principal a signalé plusieurs absences non justifiées.',
  'La formation au numérique éducatif se déroulera au rectorat.',
  'Nous avons à cœur d’accompagner chaque élève dans son orientation.',
  'Pensez à réserver la salle polyvalente pour l’exposition de fin d’année.',
  'Le conseil pédagogique examinera le projet d’établissement {year}.',
  'Les évaluations de mathématiques et de français commenceront le {day}.',
  'Cordialement,',
  'Bien à vous,',
];
const CLASSES = ['6e A', '5e B', '4e C', '3e D', '2nde 1', '1re G2', 'Terminale 3'];
const DAYS = ['lundi 4 mars', 'mardi 12 mars', 'jeudi 21 mars', 'vendredi 5 avril'];
const ATTACHMENTS = [
  'compte-rendu.pdf',
  'emploi-du-temps.xlsx',
  'autorisation de sortie.docx',
  'convocation.pdf',
];

export interface CorpusOptions {
  readonly seed?: number;
  /** Sentences per body (about 70 characters each). */
  readonly sentences?: number;
}

/** `count` documents; document i is the same for a given seed whatever `count` is. */
export function* frenchMailCorpus(count: number, options: CorpusOptions = {}): Generator<SearchDocument> {
  const sentences = options.sentences ?? 8;
  for (let i = 0; i < count; i++) {
    const next = random((options.seed ?? 1) * 1_000_003 + i);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)] as T;
    const person = () => {
      const given = pick(GIVEN);
      const family = pick(FAMILY);
      const local = `${given}.${family}`.normalize('NFKD').replace(/\p{M}/gu, '').toLowerCase();
      return `${given} ${family} <${local}@ac-${pick(ACADEMIES)}.fr>`;
    };
    const fill = (template: string) =>
      template
        .replace('{class}', pick(CLASSES))
        .replace('{place}', pick(PLACES))
        .replace('{year}', String(2020 + Math.floor(next() * 6)))
        .replace('{day}', pick(DAYS))
        .replace('{given}', pick(GIVEN))
        .replace('{family}', pick(FAMILY));
    yield {
      subject: fill(pick(SUBJECTS)),
      from: [person()],
      to: Array.from({ length: 1 + Math.floor(next() * 3) }, person),
      cc: next() < 0.3 ? [person()] : [],
      body: Array.from({ length: sentences }, () => fill(pick(SENTENCES))).join('\n'),
      attachmentNames: next() < 0.4 ? [pick(ATTACHMENTS)] : [],
    };
  }
}
