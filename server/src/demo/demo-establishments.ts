// The establishments of the fictional académie: real communes of Isère, Savoie, Haute-Savoie, Drôme and
// Ardèche, invented names, and UAI codes invented for the demo (department prefix, then 9001, 9002…) whose
// check letter is computed the official way, so every code passes validation.

import { uaiOf, type EstablishmentInput } from '#domain/directory';

interface Place {
  readonly type: EstablishmentInput['type'];
  readonly name: string;
  readonly commune: string;
  /** Department as in a UAI's first three digits (038) and in the department field (38). */
  readonly department: '07' | '26' | '38' | '73' | '74';
}

const PLACES: readonly Place[] = [
  {
    type: 'service-academique',
    name: 'Rectorat de l’académie de démonstration',
    commune: 'Grenoble',
    department: '38',
  },
  { type: 'cio', name: 'CIO de Grenoble-Bastille', commune: 'Grenoble', department: '38' },
  { type: 'lycee', name: 'Lycée des Glaciers', commune: 'Grenoble', department: '38' },
  {
    type: 'lycee-professionnel',
    name: 'Lycée professionnel des Trois-Vallées',
    commune: 'Voiron',
    department: '38',
  },
  { type: 'college', name: 'Collège Les Écrins', commune: 'Échirolles', department: '38' },
  { type: 'college', name: 'Collège Chartreuse', commune: 'Voiron', department: '38' },
  { type: 'ecole', name: 'École élémentaire Les Tilleuls', commune: 'Vienne', department: '38' },
  { type: 'ecole', name: 'École maternelle Le Petit Prince', commune: 'Bourgoin-Jallieu', department: '38' },
  { type: 'lycee', name: 'Lycée du Lac', commune: 'Aix-les-Bains', department: '73' },
  { type: 'college', name: 'Collège Belledonne', commune: 'Chambéry', department: '73' },
  { type: 'ecole', name: 'École primaire Les Marmottes', commune: 'Albertville', department: '73' },
  {
    type: 'lycee-professionnel',
    name: 'Lycée professionnel de la Vanoise',
    commune: 'Saint-Jean-de-Maurienne',
    department: '73',
  },
  { type: 'lycee', name: 'Lycée des Aravis', commune: 'Annecy', department: '74' },
  { type: 'college', name: 'Collège du Salève', commune: 'Annemasse', department: '74' },
  { type: 'ecole', name: 'École primaire Les Edelweiss', commune: 'Thonon-les-Bains', department: '74' },
  { type: 'college', name: 'Collège des Baronnies', commune: 'Nyons', department: '26' },
  { type: 'ecole', name: 'École élémentaire Les Lavandes', commune: 'Montélimar', department: '26' },
  { type: 'ecole', name: 'École primaire du Vercors', commune: 'La Chapelle-en-Vercors', department: '26' },
  {
    type: 'lycee-professionnel',
    name: 'Lycée professionnel du Vivarais',
    commune: 'Privas',
    department: '07',
  },
  { type: 'ecole', name: 'École élémentaire Les Châtaigniers', commune: 'Annonay', department: '07' },
  { type: 'ecole', name: 'École primaire des Gorges', commune: 'Aubenas', department: '07' },
];

/** 0389001C, 0389002D… for Isère; 0739009W… for Savoie: the department, then the place's rank. */
export const DEMO_ESTABLISHMENTS: readonly EstablishmentInput[] = PLACES.map((place, index) => ({
  uai: uaiOf(Number(place.department) * 10_000 + 9_000 + index + 1),
  name: place.name,
  type: place.type,
  commune: place.commune,
  department: place.department,
}));
