// The demo académie's people in the directory: every person account gets a directory entry with a function
// that fits their category and establishment, disciplines for secondary teachers, their post (some teachers
// share their service between two schools) and a phone. Written through the HR import (a partial one, so it
// departs nobody and links the accounts seeding made), which keeps it idempotent: a second run changes nothing.

import type { ProfileCategory } from '@vercors/contract';
import type { EstablishmentInput, HrRecord, PersonRole } from '#domain/directory';
import type { NewAccount } from '#domain/identity';
import type { Services } from '../main.ts';
import { pick, seededRandom } from './demo-random.ts';

/** Another stream than the staff's, so adding directory details never changes who the demo staff are. */
const DIRECTORY_SEED = 0x5d1c7e;
/** The administrator's directory entry: the first record, and the mark that the directory was seeded. */
export const DEMO_ADMIN_HR_ID = 'DEMO-0001';
/** Every tenth secondary teacher also teaches in a second school of the same department. */
const SHARED_SERVICE_EVERY = 10;

const DISCIPLINES = [
  'Mathématiques',
  'Lettres modernes',
  'Histoire-géographie',
  'Anglais',
  'Espagnol',
  'Allemand',
  'Physique-chimie',
  'Sciences de la vie et de la Terre',
  'Éducation physique et sportive',
  'Technologie',
  'Arts plastiques',
  'Éducation musicale',
  'Sciences économiques et sociales',
  'Philosophie',
  'Numérique et sciences informatiques',
];

/** The function HR gives each category, by establishment type where it differs. */
function titleOf(random: () => number, category: ProfileCategory, type: string): string {
  switch (category) {
    case 'primaryTeacher':
      return 'Professeur des écoles';
    case 'secondaryTeacher':
      return type === 'lycee-professionnel'
        ? 'Professeur de lycée professionnel'
        : pick(random, ['Professeur certifié', 'Professeur certifié', 'Professeur agrégé']);
    case 'management':
      return (
        {
          college: 'Principal',
          lycee: 'Proviseur',
          'lycee-professionnel': 'Proviseur',
          cio: 'Directeur de CIO',
        }[type] ?? 'Chef de division'
      );
    case 'administrative':
      return type === 'service-academique'
        ? pick(random, ['Gestionnaire', 'Chargé de mission', 'Secrétaire administratif'])
        : pick(random, [
            'Secrétaire de direction',
            'Adjoint gestionnaire',
            'Conseiller principal d’éducation',
          ]);
    case 'technical':
      return pick(random, ['Agent technique', 'Technicien informatique', 'Agent d’accueil']);
    case 'other':
      return type === 'cio' ? 'Psychologue de l’Éducation nationale' : 'Chargé de mission';
  }
}

function roleOf(category: ProfileCategory, title: string): PersonRole {
  if (category === 'primaryTeacher' || category === 'secondaryTeacher') return 'enseignant';
  if (category === 'management') return 'direction';
  if (category === 'technical') return 'technique';
  if (category === 'administrative') {
    if (title === 'Conseiller principal d’éducation') return 'vie-scolaire';
    return title === 'Adjoint gestionnaire' || title === 'Gestionnaire' ? 'gestion' : 'secretariat';
  }
  return 'autre';
}

/** The HR records of the demo's people, in a stable order with stable identifiers (DEMO-0001…). */
export function demoDirectoryRecords(
  people: readonly NewAccount[],
  establishments: readonly EstablishmentInput[],
): HrRecord[] {
  const random = seededRandom(DIRECTORY_SEED);
  const byUai = new Map(establishments.map((e) => [e.uai, e]));
  let secondaryTeachers = 0;
  return people.map((account, index) => {
    const category = (account.profileCategory ?? 'other') as ProfileCategory;
    const establishment = account.establishmentUai ? byUai.get(account.establishmentUai) : undefined;
    const title = titleOf(random, category, establishment?.type ?? 'service-academique');
    const role = roleOf(category, title);
    const posts = establishment === undefined ? [] : [{ uai: establishment.uai, role, isPrimary: true }];
    const disciplines: string[] = [];
    if (category === 'secondaryTeacher') {
      disciplines.push(pick(random, DISCIPLINES));
      secondaryTeachers++;
      // A shared service (complément de service) in another school of the department.
      const other = establishments.find(
        (e) =>
          e.department === establishment?.department &&
          e.uai !== establishment.uai &&
          (e.type === 'college' || e.type === 'lycee'),
      );
      if (secondaryTeachers % SHARED_SERVICE_EVERY === 0 && other !== undefined) {
        posts.push({ uai: other.uai, role: 'enseignant', isPrimary: false });
      }
    }
    // The establishment's switchboard with a two-digit extension; the rectorat's people are reached likewise.
    const switchboard = establishment?.phone ?? '04 76 00 00 00';
    const phone = `${switchboard.slice(0, -2)}${String(index % 100).padStart(2, '0')}`;
    return {
      location: { entry: account.email },
      hrId: `DEMO-${String(index + 1).padStart(4, '0')}`,
      givenName: account.givenName ?? account.displayName,
      familyName: account.familyName ?? account.displayName,
      displayName: account.displayName,
      email: account.email,
      title,
      profileCategory: category,
      disciplines,
      phone,
      posts,
    };
  });
}

/** Put the demo's people in the directory (again: nothing changes when they already are); returns how many were written. */
export async function seedDemoDirectory(
  services: Services,
  people: readonly NewAccount[],
  establishments: readonly EstablishmentInput[],
): Promise<number> {
  const { directory } = services;
  const records = demoDirectoryRecords(people, establishments);
  const plan = await directory.planImport({ source: 'demo', records, rejected: [] }, { isPartial: true });
  if (plan.rejected.length > 0) {
    const first = plan.rejected[0];
    throw new Error(`demo directory record ${first?.entry ?? '?'} rejected: ${first?.reason ?? '?'}`);
  }
  const report = await directory.applyImport(plan, { isPartial: true });
  return report.created + report.updated;
}
