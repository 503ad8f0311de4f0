// Messages of `vercors user set`, French first. Field labels that `user show` already has (category,
// establishment, language) come from USER_MESSAGES so both commands name a field the same way.

import { defineMessages } from '#core/i18n';

export const USER_SET_MESSAGES = defineMessages({
  fr: {
    nothingToChange: 'Indiquez au moins une modification parmi : {options}',
    establishmentConflict: '--establishment et --no-establishment s’excluent : gardez l’un des deux',
    establishmentEmpty:
      '--establishment attend un code UAI ; pour détacher le compte de son établissement, utilisez --no-establishment',
    badQuota: '--quota {problem}, ou « default » pour revenir au quota de la catégorie',
    badQuotaMessages:
      '--quota-messages attend un nombre entier positif, ou « default » pour revenir au quota de la catégorie',
    updated: 'Compte modifié : {email}',
    unchanged: 'Rien n’a changé : {email} avait déjà ces valeurs.',
    changed: '{field} : {before} → {after}',
    displayName: 'Nom affiché',
    givenName: 'Prénom',
    familyName: 'Nom de famille',
    timeZone: 'Fuseau horaire',
    quotaBytes: 'Quota d’espace',
    quotaMessages: 'Quota de messages',
    messageCount: '{count} messages',
  },
  en: {
    nothingToChange: 'Give at least one change among: {options}',
    establishmentConflict: '--establishment and --no-establishment exclude each other: keep one',
    establishmentEmpty:
      '--establishment takes a UAI code; to detach the account from its establishment, use --no-establishment',
    badQuota: '--quota {problem}, or "default" to go back to the category’s quota',
    badQuotaMessages:
      '--quota-messages takes a positive whole number, or "default" to go back to the category’s quota',
    updated: 'Account updated: {email}',
    unchanged: 'Nothing changed: {email} already had these values.',
    changed: '{field}: {before} → {after}',
    displayName: 'Display name',
    givenName: 'Given name',
    familyName: 'Family name',
    timeZone: 'Time zone',
    quotaBytes: 'Storage quota',
    quotaMessages: 'Message quota',
    messageCount: '{count} messages',
  },
});

export type UserSetMessageKey = (typeof USER_SET_MESSAGES.keys)[number];
