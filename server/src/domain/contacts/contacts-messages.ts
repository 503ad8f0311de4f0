// The contacts module's own words: the names of the books every account gets, in the account's language.

import { defineMessages } from '#core/i18n';

export const CONTACTS_MESSAGES = defineMessages({
  fr: {
    defaultBookName: 'Contacts',
    defaultBookDescription: 'Vos contacts personnels',
    collectedBookName: 'Adresses collectées',
    collectedBookDescription: 'Les destinataires de vos messages envoyés qui n’étaient dans aucun carnet',
  },
  en: {
    defaultBookName: 'Contacts',
    defaultBookDescription: 'Your personal contacts',
    collectedBookName: 'Collected addresses',
    collectedBookDescription: 'Recipients of the messages you sent who were in none of your address books',
  },
});
