// A directory card for tests of the read-only `annuaire` book: a person at the Lycée Champollion.

import type { DirectoryCard } from '#domain/directory';

export function directoryCard(id: string, name: string, title: string | null = null): DirectoryCard {
  return {
    personId: id,
    accountId: null,
    name,
    givenName: name.split(' ')[0] ?? '',
    familyName: name.split(' ')[1] ?? '',
    email: `${id}@ac-test.fr`,
    title,
    phone: null,
    disciplines: [],
    posts: [
      {
        uai: '0380027Y',
        name: 'Lycée Champollion',
        commune: 'Grenoble',
        role: 'enseignant',
        isPrimary: true,
      },
    ],
  };
}
