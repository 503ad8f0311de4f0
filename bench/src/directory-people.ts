// The synthetic académie of bench/directory, deterministic from a seed: about 1,000 establishments across the
// communes of the académie de Grenoble (Ardèche, Drôme, Isère, Savoie, Haute-Savoie) with valid UAI codes, and
// N people with French given and family names (accents, hyphens, apostrophes), functions, categories,
// disciplines and posts. Written out as the HR import's two CSV files (docs/directory.md), as LDIF for
// OpenLDAP (inetOrgPerson), and as vCards for the CardDAV address books. Also the autocomplete queries a
// person types (2 to 6 letters of a name, "name commune" pairs, accented or not), drawn from real people so
// that every one of them has an answer, and the check that an answer is plausible.

import { seededRandom } from '@vercors/server/src/core/seeded-random.ts';
import { uaiOf } from '@vercors/server/src/domain/directory/uai.ts';

export { seededRandom };

const pick = <T>(random: () => number, list: readonly T[]): T =>
  list[Math.floor(random() * list.length)] as T;

/** Accents, case, œ/æ folded, as a person types without them (an independent check of the server's folding). */
export function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase().replace(/œ/g, 'oe').replace(/æ/g, 'ae');
}

/** Texts folded so far: a check of every answer sees the same names, schools and communes again and again. */
const foldedTexts = new Map<string, readonly string[]>();
const MAX_FOLDED_TEXTS = 500_000;

/** The folded words of a text, split as names and addresses split (spaces, hyphens, apostrophes, dots, @). */
export const foldedWords = (text: string): readonly string[] => {
  let words = foldedTexts.get(text);
  if (words === undefined) {
    words = fold(text)
      .split(/[\s@,;:._+\-'’/()]+/)
      .filter((word) => word !== '');
    if (foldedTexts.size >= MAX_FOLDED_TEXTS) foldedTexts.clear();
    foldedTexts.set(text, words);
  }
  return words;
};

// [commune, department, postal code]
const COMMUNES: readonly (readonly [string, string, string])[] = [
  ['Grenoble', '38', '38000'],
  ['Échirolles', '38', '38130'],
  ["Saint-Martin-d'Hères", '38', '38400'],
  ['Fontaine', '38', '38600'],
  ['Voiron', '38', '38500'],
  ['Vienne', '38', '38200'],
  ['Bourgoin-Jallieu', '38', '38300'],
  ['Meylan', '38', '38240'],
  ['Villefontaine', '38', '38090'],
  ['Vizille', '38', '38220'],
  ['La Mure', '38', '38350'],
  ['Crolles', '38', '38920'],
  ['Seyssinet-Pariset', '38', '38170'],
  ["L'Isle-d'Abeau", '38', '38080'],
  ['La Tour-du-Pin', '38', '38110'],
  ['Saint-Marcellin', '38', '38160'],
  ['Le Pont-de-Claix', '38', '38800'],
  ['Sassenage', '38', '38360'],
  ['Voreppe', '38', '38340'],
  ['Saint-Égrève', '38', '38120'],
  ['Chambéry', '73', '73000'],
  ['Aix-les-Bains', '73', '73100'],
  ['Albertville', '73', '73200'],
  ['Saint-Jean-de-Maurienne', '73', '73300'],
  ['Moûtiers', '73', '73600'],
  ['Bourg-Saint-Maurice', '73', '73700'],
  ['La Motte-Servolex', '73', '73290'],
  ['Montmélian', '73', '73800'],
  ['Ugine', '73', '73400'],
  ['Modane', '73', '73500'],
  ['Annecy', '74', '74000'],
  ['Annemasse', '74', '74100'],
  ['Thonon-les-Bains', '74', '74200'],
  ['Cluses', '74', '74300'],
  ['Sallanches', '74', '74700'],
  ['Rumilly', '74', '74150'],
  ['Évian-les-Bains', '74', '74500'],
  ['Bonneville', '74', '74130'],
  ['Chamonix-Mont-Blanc', '74', '74400'],
  ['Saint-Julien-en-Genevois', '74', '74160'],
  ['Valence', '26', '26000'],
  ['Montélimar', '26', '26200'],
  ['Romans-sur-Isère', '26', '26100'],
  ['Pierrelatte', '26', '26700'],
  ['Die', '26', '26150'],
  ['Crest', '26', '26400'],
  ['Nyons', '26', '26110'],
  ['Bourg-de-Péage', '26', '26300'],
  ['Privas', '07', '07000'],
  ['Annonay', '07', '07100'],
  ['Aubenas', '07', '07200'],
  ['Tournon-sur-Rhône', '07', '07300'],
  ['Le Teil', '07', '07400'],
  ['Guilherand-Granges', '07', '07500'],
  ['Bourg-Saint-Andéol', '07', '07700'],
  ['Largentière', '07', '07110'],
];

const PATRONS = [
  'Jules Ferry',
  'Jean Moulin',
  'Victor Hugo',
  'Marie Curie',
  'Louis Pasteur',
  'Jean Jaurès',
  'Stendhal',
  'Champollion',
  'Pierre Mendès France',
  'Simone Veil',
  'Jacques Prévert',
  'Paul Éluard',
  'Émile Zola',
  'Lucie Aubrac',
  'Condorcet',
  'Hector Berlioz',
  'Vaucanson',
  'Aristide Bergès',
  'Gabriel Fauré',
  'Frédéric Mistral',
  'Germaine Tillion',
  'Joséphine Baker',
  'Olympe de Gouges',
  'Les Eaux-Claires',
  'Le Grésivaudan',
  'Les Allobroges',
  'Saint-Exupéry',
  'George Sand',
  'Louise Michel',
  'Jean Rostand',
  'Albert Camus',
  'Françoise Dolto',
  'Vercors',
  'La Chartreuse',
  'Belledonne',
  'Les Trois Vallées',
];

const TYPES = [
  // [type, share in ‰, name prefix, people weight]
  ['ecole', 560, 'École élémentaire', 1],
  ['college', 250, 'Collège', 4],
  ['lycee', 110, 'Lycée', 7],
  ['lycee-professionnel', 60, 'Lycée professionnel', 5],
  ['cio', 10, "Centre d'information et d'orientation", 1],
  ['service-academique', 10, 'Service académique', 6],
] as const;

const GIVEN = [
  'Hélène',
  'Luc',
  'Élodie',
  'Jérôme',
  'Céline',
  'Stéphane',
  'Amélie',
  'François',
  'Chloé',
  'Benoît',
  'Zoé',
  'Loïc',
  'Mélanie',
  'Sébastien',
  'Maëlle',
  'Noël',
  'Anaïs',
  'Gaël',
  'Léa',
  'Hervé',
  'Agnès',
  'Rémi',
  'Inès',
  'Frédéric',
  'Bérénice',
  'Clément',
  'Émilie',
  'Jean-Pierre',
  'Marie-Hélène',
  'André',
  'Camille',
  'Thomas',
  'Julie',
  'Nicolas',
  'Sophie',
  'Pierre',
  'Isabelle',
  'Laurent',
  'Nathalie',
  'Olivier',
  'Sandrine',
  'Philippe',
  'Claire',
  'Julien',
  'Aurélie',
  'Mathieu',
  'Caroline',
  'Vincent',
  'Valérie',
  'Antoine',
  'Karima',
  'Mehdi',
  'Yasmine',
  'Karim',
  'Fatima',
  'Youssef',
  'Nadia',
  'Bruno',
  'Gisèle',
  'Raphaël',
  'Manon',
  'Hugo',
  'Pauline',
  'Maxime',
  'Lucie',
  'Adrien',
  'Margaux',
  'Quentin',
  'Océane',
  'Théo',
];

const FAMILY = [
  'Martin',
  'Bernard',
  'Dubois',
  'Thomas',
  'Robert',
  'Richard',
  'Petit',
  'Durand',
  'Leroy',
  'Moreau',
  'Simon',
  'Laurent',
  'Lefèvre',
  'Michel',
  'Garcia',
  'David',
  'Bertrand',
  'Roux',
  'Vincent',
  'Fournier',
  'Morel',
  'Girard',
  'André',
  'Mercier',
  'Dupont',
  'Lambert',
  'Bonnet',
  'François',
  'Martinez',
  'Legrand',
  'Garnier',
  'Faure',
  'Rousseau',
  'Blanc',
  'Guérin',
  'Muller',
  'Henry',
  'Roussel',
  'Nicolas',
  'Perrin',
  'Morin',
  'Mathieu',
  'Clément',
  'Gauthier',
  'Dumont',
  'Lopez',
  'Fontaine',
  'Chevalier',
  'Robin',
  'Masson',
  'Sanchez',
  'Gérard',
  'Nguyen',
  'Boyer',
  'Denis',
  'Lemaire',
  'Duval',
  'Joly',
  'Gautier',
  'Roger',
  'Roche',
  'Roy',
  'Noël',
  'Meyer',
  'Lucas',
  'Meunier',
  'Jean',
  'Pérez',
  'Marchand',
  'Dufour',
  'Blanchard',
  'Barbier',
  'Brun',
  'Dumas',
  'Brunet',
  'Schmitt',
  'Leroux',
  'Colin',
  'Fernandez',
  'Pierre',
  'Renard',
  'Arnaud',
  'Rolland',
  'Caron',
  'Aubert',
  'Giraud',
  'Leclerc',
  'Vidal',
  'Bourgeois',
  'Renaud',
  'Lemoine',
  'Picard',
  'Gaillard',
  'Philippe',
  'Leclercq',
  'Lacroix',
  'Fabre',
  'Dupuis',
  'Olivier',
  'Rodriguez',
  'Da Silva',
  'Hubert',
  'Louis',
  'Charles',
  'Guillot',
  'Rivière',
  'Le Gall',
  'Guillaume',
  'Adam',
  'Rey',
  'Moulin',
  'Gonzalez',
  'Berger',
  'Lecomte',
  'Ménard',
  'Fleury',
  'Deschamps',
  'Carpentier',
  'Julien',
  'Benoît',
  'Paris',
  'Maillard',
  'Marchal',
  'Aubry',
  'Vasseur',
  'Le Roux',
  'Renault',
  'Jacquet',
  'Collet',
  'Prévost',
  'Poirier',
  'Charpentier',
  'Royer',
  'Huet',
  'Baron',
  'Dupuy',
  'Pons',
  'Paul',
  'Laine',
  'Carré',
  'Breton',
  'Rémy',
  'Schneider',
  'Perrot',
  'Guyot',
  'Barré',
  'Marty',
  'Cousin',
  "D'Angelo",
  'Thiébaut',
  'Bouvier',
  'Chabert',
  'Buisson',
  'Favre',
  'Pellissier',
  'Reynaud',
  'Jacquemoud',
  'Tournier',
  'Cattin',
  'Veyret',
];

const DISCIPLINES = [
  'Mathématiques',
  'Lettres modernes',
  'Lettres classiques',
  'Histoire-géographie',
  'Anglais',
  'Espagnol',
  'Allemand',
  'Italien',
  'Sciences de la vie et de la Terre',
  'Physique-chimie',
  'Éducation physique et sportive',
  'Technologie',
  'Arts plastiques',
  'Éducation musicale',
  'Philosophie',
  'Sciences économiques et sociales',
  'Numérique et sciences informatiques',
  'Économie-gestion',
  'Génie mécanique',
  'Documentation',
];

interface Category {
  readonly category: string;
  readonly role: string;
  readonly titles: readonly string[];
  readonly hasDisciplines: boolean;
}

const PRIMARY: readonly Category[] = [
  {
    category: 'primaryTeacher',
    role: 'enseignant',
    titles: ['Professeur des écoles'],
    hasDisciplines: false,
  },
  { category: 'management', role: 'direction', titles: ["Directeur d'école"], hasDisciplines: false },
];
const SECONDARY: readonly Category[] = [
  {
    category: 'secondaryTeacher',
    role: 'enseignant',
    titles: ['Professeur certifié', 'Professeur agrégé', 'Professeur de lycée professionnel'],
    hasDisciplines: true,
  },
  {
    category: 'administrative',
    role: 'secretariat',
    titles: ['Secrétaire de direction', 'Gestionnaire', 'Adjoint administratif'],
    hasDisciplines: false,
  },
  {
    category: 'technical',
    role: 'technique',
    titles: ['Agent technique', 'Technicien de laboratoire'],
    hasDisciplines: false,
  },
  {
    category: 'management',
    role: 'direction',
    titles: ['Principal', 'Proviseur', 'Proviseur adjoint', "Conseiller principal d'éducation"],
    hasDisciplines: false,
  },
  {
    category: 'other',
    role: 'autre',
    titles: ["Psychologue de l'Éducation nationale", 'Infirmier scolaire'],
    hasDisciplines: false,
  },
];
/** Shares in ‰ of SECONDARY's categories. */
const SECONDARY_SHARES = [800, 90, 60, 30, 20];

export interface Establishment {
  readonly uai: string;
  readonly name: string;
  readonly type: string;
  readonly commune: string;
  readonly department: string;
  readonly postalCode: string;
  readonly phone: string;
  /** How many people it draws, relative to others. */
  readonly weight: number;
}

export interface Person {
  readonly hrId: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly email: string;
  readonly title: string;
  readonly category: string;
  readonly disciplines: readonly string[];
  /** The first is the main post. */
  readonly posts: readonly { readonly establishment: Establishment; readonly role: string }[];
  readonly phone: string;
}

export interface Directory {
  readonly establishments: readonly Establishment[];
  readonly people: readonly Person[];
}

const phoneOf = (random: () => number, department: string) => {
  const area = department === '38' ? '76' : department === '73' ? '79' : department === '74' ? '50' : '75';
  const pair = () => String(Math.floor(random() * 100)).padStart(2, '0');
  return `04 ${area} ${pair()} ${pair()} ${pair()}`;
};

/** `establishments` establishments and `people` people, the same for the same seed. */
export function generateDirectory(seed: number, establishmentCount: number, peopleCount: number): Directory {
  const random = seededRandom(seed);
  const establishments: Establishment[] = [];
  const perDepartment = new Map<string, number>();
  const usedNames = new Set<string>();
  for (let index = 0; index < establishmentCount; index++) {
    let draw = random() * 1000;
    const type = TYPES.find(([, share]) => (draw -= share) < 0) ?? TYPES[0];
    const [commune, department, postalCode] = pick(random, COMMUNES);
    const serial = (perDepartment.get(department) ?? 0) + 1;
    perDepartment.set(department, serial);
    // Department on three digits then a serial on four: 038 0027 → 0380027Y.
    const uai = uaiOf(Number(department) * 10_000 + serial);
    let name =
      type[0] === 'cio' || type[0] === 'service-academique'
        ? `${type[2]} de ${commune}`
        : `${type[2]} ${pick(random, PATRONS)}`;
    // Two schools of one commune never share a name.
    if (usedNames.has(`${name}|${commune}`)) name = `${name} ${serial}`;
    usedNames.add(`${name}|${commune}`);
    establishments.push({
      uai,
      name,
      type: type[0],
      commune,
      department,
      postalCode,
      phone: phoneOf(random, department),
      weight: type[3],
    });
  }
  const cumulative: number[] = [];
  let total = 0;
  for (const establishment of establishments) cumulative.push((total += establishment.weight));
  const drawEstablishment = () => {
    const target = random() * total;
    let low = 0;
    let high = cumulative.length - 1;
    while (low < high) {
      const middle = (low + high) >> 1;
      if ((cumulative[middle] ?? 0) > target) high = middle;
      else low = middle + 1;
    }
    return establishments[low] as Establishment;
  };

  const people: Person[] = [];
  const emails = new Map<string, number>();
  for (let index = 0; index < peopleCount; index++) {
    const givenName = pick(random, GIVEN);
    const familyName = pick(random, FAMILY);
    const main = drawEstablishment();
    let kind: Category;
    if (main.type === 'ecole') kind = random() < 0.92 ? (PRIMARY[0] as Category) : (PRIMARY[1] as Category);
    else {
      let draw = random() * 1000;
      const at = SECONDARY_SHARES.findIndex((share) => (draw -= share) < 0);
      kind = SECONDARY[Math.max(0, at)] as Category;
    }
    const disciplines = kind.hasDisciplines
      ? random() < 0.15
        ? [pick(random, DISCIPLINES), pick(random, DISCIPLINES)].filter((d, i, all) => all.indexOf(d) === i)
        : [pick(random, DISCIPLINES)]
      : [];
    const posts = [{ establishment: main, role: kind.role }];
    // One in ten works in a second establishment too (a teacher shared between two collèges).
    if (random() < 0.1) {
      const second = drawEstablishment();
      if (second.uai !== main.uai) posts.push({ establishment: second, role: kind.role });
    }
    const local = `${foldedWords(givenName).join('-')}.${foldedWords(familyName).join('-')}`;
    const seen = emails.get(local) ?? 0;
    emails.set(local, seen + 1);
    people.push({
      hrId: `P${String(index + 1).padStart(7, '0')}`,
      givenName,
      familyName,
      email: `${local}${seen === 0 ? '' : seen + 1}@ac-grenoble.fr`,
      title: pick(random, kind.titles),
      category: kind.category,
      disciplines,
      posts,
      phone: phoneOf(random, main.department),
    });
  }
  return { establishments, people };
}

const csvField = (value: string) => (/[;"\n\r]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
const csvLine = (fields: readonly string[]) => `${fields.map(csvField).join(';')}\n`;

/** The establishments' CSV of `vercors directory establishment import`. */
export function establishmentsCsv(directory: Directory): string {
  let text = csvLine(['uai', 'nom', 'type', 'commune', 'departement', 'code_postal', 'telephone']);
  for (const e of directory.establishments)
    text += csvLine([e.uai, e.name, e.type, e.commune, e.department, e.postalCode, e.phone]);
  return text;
}

/** The people's CSV of `vercors directory import` (docs/directory.md, "The CSV format"). */
export function peopleCsv(directory: Directory): string {
  let text = csvLine([
    'matricule',
    'nom',
    'prenom',
    'courriel',
    'fonction',
    'categorie',
    'disciplines',
    'etablissements',
    'telephone',
  ]);
  for (const p of directory.people)
    text += csvLine([
      p.hrId,
      p.familyName,
      p.givenName,
      p.email,
      p.title,
      p.category,
      p.disciplines.join('|'),
      p.posts.map((post) => `${post.establishment.uai}:${post.role}`).join('|'),
      p.phone,
    ]);
  return text;
}

/** An LDIF value: base64 (`attr:: …`) when it is not plain ASCII, as RFC 2849 asks. */
const ldifLine = (attribute: string, value: string) =>
  /^[\x20-\x7e]*$/.test(value) && !/^[ :<]/.test(value)
    ? `${attribute}: ${value}\n`
    : `${attribute}:: ${Buffer.from(value, 'utf8').toString('base64')}\n`;

/** The people as inetOrgPerson entries under `ou=people,SUFFIX` (the suffix and the ou entries included). */
export function peopleLdif(directory: Directory, suffix: string): string {
  const dc = suffix.split(',')[0]?.split('=')[1] ?? 'bench';
  const parts: string[] = [
    `dn: ${suffix}\nobjectClass: dcObject\nobjectClass: organization\ndc: ${dc}\no: bench\n\n`,
    `dn: ou=people,${suffix}\nobjectClass: organizationalUnit\nou: people\n\n`,
  ];
  for (const p of directory.people) {
    let entry = `dn: uid=${p.hrId},ou=people,${suffix}\nobjectClass: inetOrgPerson\n`;
    entry += ldifLine('uid', p.hrId);
    entry += ldifLine('cn', `${p.givenName} ${p.familyName}`);
    entry += ldifLine('sn', p.familyName);
    entry += ldifLine('givenName', p.givenName);
    entry += ldifLine('mail', p.email);
    entry += ldifLine('title', p.title);
    entry += ldifLine('telephoneNumber', p.phone);
    entry += ldifLine('employeeType', p.category);
    for (const discipline of p.disciplines) entry += ldifLine('businessCategory', discipline);
    const communes = [...new Set(p.posts.map((post) => post.establishment.commune))];
    for (const commune of communes) entry += ldifLine('l', commune);
    for (const post of p.posts) {
      entry += ldifLine('departmentNumber', `${post.establishment.uai}:${post.role}`);
      entry += ldifLine('ou', post.establishment.name);
    }
    parts.push(`${entry}\n`);
  }
  return parts.join('');
}

/** A vCard 3.0 of the person, as a phone's address book holds a colleague; `revision` changes the NOTE. */
export function vcardOf(person: Person, uid: string, revision = 0): string {
  const main = person.posts[0]?.establishment;
  const escape = (value: string) => value.replace(/\\/g, '\\\\').replace(/[,;]/g, (c) => `\\${c}`);
  return [
    'BEGIN:VCARD',
    'VERSION:3.0',
    `UID:${uid}`,
    `FN:${escape(`${person.givenName} ${person.familyName}`)}`,
    `N:${escape(person.familyName)};${escape(person.givenName)};;;`,
    `EMAIL;TYPE=INTERNET,WORK:${person.email}`,
    `TEL;TYPE=WORK,VOICE:${person.phone}`,
    `ORG:${escape(main?.name ?? '')}`,
    `TITLE:${escape(person.title)}`,
    `ADR;TYPE=WORK:;;;${escape(main?.commune ?? '')};;${main?.postalCode ?? ''};France`,
    `NOTE:${escape(`${person.disciplines.join(', ') || 'sans discipline'} — révision ${revision}`)}`,
    'REV:2026-11-30T00:00:00Z',
    'END:VCARD',
    '',
  ].join('\r\n');
}

/** A keystroke query, with its words as typed. */
export interface Query {
  readonly text: string;
  readonly words: readonly string[];
  readonly kind: 'family' | 'given' | 'pair';
  readonly accented: boolean;
}

/** The first `letters` characters of the first word of `name`, as typed: accented, or folded (no accents). */
const typed = (name: string, letters: number, accented: boolean) => {
  const first = name.split(/[\s'-]/).find((word) => word.length >= 2) ?? name;
  const prefix = [...first].slice(0, letters).join('');
  return accented ? prefix.toLowerCase() : fold(prefix);
};

/**
 * `count` queries from people of the directory: 40 % a family name's first 2–6 letters, 25 % a given name's,
 * 35 % "family commune" pairs ("mart grenob"); half typed without accents (a name with none reads the same).
 */
export function generateQueries(directory: Directory, count: number, seed: number): Query[] {
  const random = seededRandom(seed);
  const queries: Query[] = [];
  for (let index = 0; index < count; index++) {
    const person = pick(random, directory.people);
    const accented = random() < 0.5;
    const letters = 2 + Math.floor(random() * 5);
    const draw = random();
    if (draw < 0.4) {
      const word = typed(person.familyName, letters, accented);
      queries.push({ text: word, words: [word], kind: 'family', accented });
    } else if (draw < 0.65) {
      const word = typed(person.givenName, letters, accented);
      queries.push({ text: word, words: [word], kind: 'given', accented });
    } else {
      const name = typed(person.familyName, Math.max(3, letters), accented);
      const commune = typed(
        person.posts[0]?.establishment.commune ?? '',
        3 + Math.floor(random() * 4),
        accented,
      );
      queries.push({ text: `${name} ${commune}`, words: [name, commune], kind: 'pair', accented });
    }
  }
  return queries;
}

/**
 * Whether every word of the query starts one of `fieldTexts`' words (accents and case aside): what any answer
 * of an accent-insensitive prefix search must satisfy; `undefined` when it does, else what is wrong.
 */
export function unmatchedWord(query: Query, fieldTexts: readonly string[]): string | undefined {
  const words = fieldTexts.flatMap(foldedWords);
  for (const word of query.words) {
    const wanted = fold(word);
    if (!words.some((candidate) => candidate.startsWith(wanted))) return word;
  }
  return undefined;
}
