// The staff of the demo académie: about 500 people spread over the establishments the way an académie's
// staff is (teachers in schools, administrative and technical staff, heads of establishments, the rectorat's
// services), plus each establishment's shared mailbox and a few meeting rooms. Deterministic for one seed.

import type { ProfileCategory } from '@vercors/contract';
import type { EstablishmentInput } from '#domain/directory';
import type { NewAccount } from '#domain/identity';
import { FAMILY_NAMES, GIVEN_NAMES } from './demo-names.ts';
import { pick } from './demo-random.ts';

/** How many people of each category work in one establishment of each type. */
const STAFFING: Readonly<Record<string, Partial<Record<ProfileCategory, number>>>> = {
  ecole: { primaryTeacher: 19 },
  college: { secondaryTeacher: 20, administrative: 3, technical: 3, management: 1 },
  lycee: { secondaryTeacher: 26, administrative: 4, technical: 3, management: 1 },
  'lycee-professionnel': { secondaryTeacher: 16, administrative: 2, technical: 3, management: 1 },
  'service-academique': { administrative: 30, technical: 6, management: 3, other: 8 },
  // Psychologists of the Éducation nationale have no category of their own here: other.
  cio: { administrative: 2, management: 1, other: 5 },
};

export interface DemoPerson extends NewAccount {
  readonly profileCategory: ProfileCategory;
}

/**
 * Turn a name into address characters the way académies do: accents folded (Hélène → helene), ligatures
 * spelled out, apostrophes dropped (N’Diaye → ndiaye), spaces and hyphens kept as hyphens.
 */
export function addressPart(name: string): string {
  return name
    .normalize('NFD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/œ/g, 'oe')
    .replace(/æ/g, 'ae')
    .replace(/['’]/g, '')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');
}

/** Hands out prenom.nom addresses, adding 1, 2… on a collision (marie.martin, marie.martin1). */
export class AddressBook {
  readonly #taken = new Set<string>();
  readonly #domain: string;

  constructor(domain: string) {
    this.#domain = domain;
  }

  reserve(localPart: string): string {
    const address = `${localPart}@${this.#domain}`;
    if (this.#taken.has(address)) throw new Error(`demo address ${address} reserved twice`);
    this.#taken.add(address);
    return address;
  }

  forPerson(givenName: string, familyName: string): string {
    const base = `${addressPart(givenName)}.${addressPart(familyName)}`;
    for (let suffix = 0; ; suffix++) {
      const address = `${base}${suffix === 0 ? '' : suffix}@${this.#domain}`;
      if (!this.#taken.has(address)) {
        this.#taken.add(address);
        return address;
      }
    }
  }
}

export function generateStaff(
  random: () => number,
  establishments: readonly EstablishmentInput[],
  addresses: AddressBook,
): DemoPerson[] {
  const people: DemoPerson[] = [];
  for (const establishment of establishments) {
    const staffing = STAFFING[establishment.type] ?? {};
    for (const [category, count] of Object.entries(staffing) as [ProfileCategory, number][]) {
      for (let i = 0; i < count; i++) {
        const givenName = pick(random, GIVEN_NAMES);
        const familyName = pick(random, FAMILY_NAMES);
        people.push({
          email: addresses.forPerson(givenName, familyName),
          displayName: `${givenName} ${familyName}`,
          givenName,
          familyName,
          profileCategory: category,
          establishmentUai: establishment.uai,
        });
      }
    }
  }
  return people;
}

/** Each establishment's official shared mailbox (ce.<uai>@, the académies' convention) and rooms at the rectorat. */
export function generateSharedAccounts(
  establishments: readonly EstablishmentInput[],
  addresses: AddressBook,
): NewAccount[] {
  const shared: NewAccount[] = establishments.map((establishment) => ({
    email: addresses.reserve(`ce.${establishment.uai.toLowerCase()}`),
    kind: 'shared',
    displayName: `Secrétariat — ${establishment.name}`,
    profileCategory: 'other',
    establishmentUai: establishment.uai,
  }));
  const rectorat = establishments.find((e) => e.type === 'service-academique');
  const rooms = ['Salle du conseil', 'Salle Belledonne', 'Salle Chartreuse'].map((name) => ({
    email: addresses.reserve(`salle.${addressPart(name.replace(/^Salle (du )?/, ''))}`),
    kind: 'resource',
    displayName: name,
    profileCategory: 'other',
    establishmentUai: rectorat?.uai ?? null,
  }));
  return [...shared, ...rooms];
}
