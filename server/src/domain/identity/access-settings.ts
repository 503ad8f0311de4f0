// Access settings: how long web sessions last, when protocol clients must use app passwords, and how long a
// helpdesk activation code works. Part of IDENTITY_SETTINGS (settings.ts spreads them in), kept apart so each
// file stays about one thing.

import { booleanSetting, choiceSetting, durationSetting } from '#core/config';

const MINUTE = 60_000;
const HOUR = 60 * MINUTE;
const DAY = 24 * HOUR;

/**
 * When the web login asks for a second factor: always; only outside the trusted networks; or only outside them
 * and only when the person set one up. An account with several roles follows the strictest.
 */
export const SECOND_FACTOR_RULES = ['always', 'outside-trusted-networks', 'when-enrolled'] as const;
export type SecondFactorRule = (typeof SECOND_FACTOR_RULES)[number];

function secondFactorSetting(key: string, fallback: SecondFactorRule, why: { fr: string; en: string }) {
  return choiceSetting({ key, default: fallback, choices: SECOND_FACTOR_RULES, why });
}

export const ACCESS_SETTINGS = {
  secondFactorUser: secondFactorSetting('second-factor.user', 'outside-trusted-networks', {
    fr: 'Depuis le réseau d’un établissement, le mot de passe suffit ; ailleurs (domicile, téléphone), le second facteur protège les données des élèves.',
    en: 'On an establishment’s network the password is enough; anywhere else (home, phone) the second factor protects pupils’ data.',
  }),
  secondFactorEstablishmentAdmin: secondFactorSetting(
    'second-factor.establishment-admin',
    'outside-trusted-networks',
    {
      fr: 'Les administrateurs d’établissement suivent la règle du personnel : ils travaillent surtout depuis l’établissement.',
      en: 'Establishment administrators follow the staff rule: they mostly work from the establishment.',
    },
  ),
  secondFactorHelpdesk: secondFactorSetting('second-factor.helpdesk', 'always', {
    fr: 'L’assistance peut réinitialiser l’accès d’autrui : second facteur partout.',
    en: 'The helpdesk can reset other people’s access: second factor everywhere.',
  }),
  secondFactorSecurity: secondFactorSetting('second-factor.security', 'always', {
    fr: 'Le référent sécurité voit le journal d’audit et purge des messages dans toutes les boîtes : second facteur partout.',
    en: 'The security officer sees the audit log and purges messages from every mailbox: second factor everywhere.',
  }),
  secondFactorAdmin: secondFactorSetting('second-factor.admin', 'always', {
    fr: 'L’administrateur de l’académie peut tout changer : second facteur partout.',
    en: 'The académie administrator can change everything: second factor everywhere.',
  }),
  sessionIdleTimeout: durationSetting({
    key: 'session.idle-timeout',
    default: 4 * HOUR,
    minMs: 5 * MINUTE,
    maxMs: 7 * DAY,
    why: {
      fr: 'Une demi-journée de cours sans ouvrir la messagerie ne déconnecte pas ; une session oubliée se ferme avant le lendemain.',
      en: 'Half a day of teaching without opening mail does not sign out; a forgotten session ends before the next day.',
    },
  }),
  sessionAbsoluteTimeout: durationSetting({
    key: 'session.absolute-timeout',
    default: 7 * DAY,
    minMs: HOUR,
    maxMs: 90 * DAY,
    why: {
      fr: 'Une fois par semaine, même en usage continu, le mot de passe (et le second facteur hors réseau de confiance) est redemandé.',
      en: 'Once a week, even in constant use, the password (and the second factor off a trusted network) is asked again.',
    },
  }),
  sessionSharedIdleTimeout: durationSetting({
    key: 'session.shared-computer.idle-timeout',
    default: 15 * MINUTE,
    minMs: MINUTE,
    maxMs: 4 * HOUR,
    why: {
      fr: 'Sur un poste partagé (salle des professeurs, secrétariat), une session abandonnée ne doit pas rester ouverte au suivant.',
      en: 'On a shared computer (staff room, school office) an abandoned session must not stay open for the next person.',
    },
  }),
  sessionSharedAbsoluteTimeout: durationSetting({
    key: 'session.shared-computer.absolute-timeout',
    default: 10 * HOUR,
    minMs: 15 * MINUTE,
    maxMs: DAY,
    why: {
      fr: 'Une journée de travail au plus ; le cookie disparaît aussi à la fermeture du navigateur.',
      en: 'One working day at most; the cookie also goes when the browser closes.',
    },
  }),
  appPasswordsRequired: booleanSetting({
    key: 'app-passwords.required',
    default: false,
    why: {
      fr: 'Les comptes avec un second facteur doivent toujours utiliser un mot de passe d’application en IMAP, SMTP et DAV ; activer ce réglage l’impose à tous.',
      en: 'Accounts with a second factor always need an app password for IMAP, SMTP and DAV; this setting requires one from everybody.',
    },
  }),
  appPasswordsRevokeOnEstablishmentChange: booleanSetting({
    key: 'app-passwords.revoke-on-establishment-change',
    default: true,
    why: {
      fr: 'Un changement d’établissement révoque les mots de passe d’application : les appareils de l’ancien poste perdent l’accès.',
      en: 'A change of establishment revokes app passwords: the devices of the former post lose access.',
    },
  }),
  helpdeskActivationCodeValidity: durationSetting({
    key: 'helpdesk.activation-code-validity',
    default: 30 * MINUTE,
    minMs: 5 * MINUTE,
    maxMs: 3 * DAY,
    why: {
      fr: 'Le code d’activation remis par l’assistance (après vérification d’identité) sert une fois, le temps que la personne choisisse son mot de passe pendant l’appel ; à allonger si les codes sont remis en main propre pour être utilisés plus tard.',
      en: 'The activation code the helpdesk hands out (after checking the person’s identity) works once, long enough for the person to choose a password during the call; lengthen it if codes are handed over in person to be used later.',
    },
  }),
} as const;
