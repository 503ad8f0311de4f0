// What the DAV server names itself in clients' lists: French first, English second.

import { defineMessages } from '#core/i18n';

export const DAV_MESSAGES = defineMessages({
  fr: {
    directoryBookName: 'Annuaire de l’académie',
    directoryBookDescription: 'Les personnels de l’académie, en lecture seule',
  },
  en: {
    directoryBookName: 'Académie directory',
    directoryBookDescription: 'The académie’s staff, read-only',
  },
});
