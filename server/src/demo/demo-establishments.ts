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

/** The communes' real postal codes, so addresses look right on a directory card. */
const POSTAL_CODES: Readonly<Record<string, string>> = {
  Grenoble: '38000',
  Voiron: '38500',
  Échirolles: '38130',
  Vienne: '38200',
  'Bourgoin-Jallieu': '38300',
  'Aix-les-Bains': '73100',
  Chambéry: '73000',
  Albertville: '73200',
  'Saint-Jean-de-Maurienne': '73300',
  Annecy: '74000',
  Annemasse: '74100',
  'Thonon-les-Bains': '74200',
  Nyons: '26110',
  Montélimar: '26200',
  'La Chapelle-en-Vercors': '26420',
  Privas: '07000',
  Annonay: '07100',
  Aubenas: '07200',
};

/** Each department's telephone area (04 76 Isère, 04 79 Savoie…). */
const PHONE_AREAS: Readonly<Record<Place['department'], string>> = {
  '38': '04 76',
  '73': '04 79',
  '74': '04 50',
  '26': '04 75',
  '07': '04 75',
};

/** Invented street names, one per establishment in turn. */
const STREETS = [
  'rue des Écoles',
  'avenue Jean Jaurès',
  'place de la République',
  'rue du Lycée',
  'chemin des Vignes',
  'boulevard Gambetta',
  'rue Victor Hugo',
];

/** 0389001C, 0389002D… for Isère; 0739009W… for Savoie: the department, then the place's rank. */
export const DEMO_ESTABLISHMENTS: readonly EstablishmentInput[] = PLACES.map((place, index) => {
  const uai = uaiOf(Number(place.department) * 10_000 + 9_000 + index + 1);
  return {
    uai,
    name: place.name,
    type: place.type,
    commune: place.commune,
    department: place.department,
    // Schools belong to a circonscription (the inspector's area); the others to an employment area (bassin).
    district: place.type === 'ecole' ? `Circonscription de ${place.commune}` : `Bassin de ${place.commune}`,
    street: `${index + 1} ${STREETS[index % STREETS.length] ?? 'rue des Écoles'}`,
    postalCode: POSTAL_CODES[place.commune] ?? null,
    phone: `${PHONE_AREAS[place.department]} ${String(10 + index).padStart(2, '0')} 00 00`,
    website: `https://${uai.toLowerCase()}.ac-demo.fr/`,
  };
});
