// Identity settings: the password policy, the default quota of each staff category, access (sessions and
// app passwords, access-settings.ts) and the accounts' lifecycle (lifecycle-settings.ts). A quota set on an
// account overrides its category's default; the defaults follow what each category keeps.

import { integerSetting, sizeSetting } from '#core/config';
import { ACCESS_SETTINGS } from './access-settings.ts';
import { LIFECYCLE_SETTINGS } from './lifecycle-settings.ts';

const GiB = 1024 ** 3;
/** Quotas between 10 MiB (a resource mailbox) and 1 TiB (an archive account); beyond is a typo. */
const QUOTA_BYTES = { min: 10 * 1024 ** 2, max: 1024 ** 4 };
/** Message counts between 1,000 and 100 million. */
const QUOTA_MESSAGES = { min: 1_000, max: 100_000_000 };

export const IDENTITY_SETTINGS = {
  ...ACCESS_SETTINGS,
  ...LIFECYCLE_SETTINGS,
  passwordMinLength: integerSetting({
    key: 'password.min-length',
    default: 12,
    min: 8,
    max: 128,
    why: {
      fr: 'La longueur vaut mieux que les règles de composition (NIST SP 800-63B) ; 12 est le minimum de la CNIL (délibération 2022-100) pour un mot de passe seul.',
      en: 'Length beats composition rules (NIST SP 800-63B); 12 is the CNIL baseline (délibération 2022-100) for a password used alone.',
    },
  }),
  passwordArgon2Memory: integerSetting({
    key: 'password.argon2-memory',
    default: 19_456,
    min: 19_456,
    max: 1_048_576,
    why: {
      fr: 'Mémoire (Kio) d’un calcul argon2id : le socle de l’OWASP (19 Mio) par défaut ; l’augmenter ralentit le cassage hors ligne, et chaque mot de passe est recalculé à la connexion suivante de son titulaire.',
      en: 'Memory (KiB) of one argon2id hash: OWASP’s baseline (19 MiB) by default; raising it slows offline cracking, and each password is hashed again at its owner’s next login.',
    },
  }),
  passwordArgon2Passes: integerSetting({
    key: 'password.argon2-passes',
    default: 2,
    min: 2,
    max: 10,
    why: {
      fr: 'Passes d’un calcul argon2id (2 : le socle de l’OWASP avec 19 Mio) ; comme la mémoire, un changement s’applique à chaque mot de passe à la connexion suivante.',
      en: 'Passes of one argon2id hash (2: OWASP’s baseline with 19 MiB); like the memory, a change reaches each password at its next login.',
    },
  }),
  quotaPrimaryTeacherBytes: sizeSetting({
    key: 'quota.primary-teacher.bytes',
    default: 5 * GiB,
    ...QUOTA_BYTES,
    why: {
      fr: 'Enseignants du premier degré : courrier de l’école et de la circonscription avec documents de classe ; 5G en contiennent plusieurs années.',
      en: 'Primary teachers: school and circonscription mail with class documents; 5G holds several years of it.',
    },
  }),
  quotaPrimaryTeacherMessages: integerSetting({
    key: 'quota.primary-teacher.messages',
    default: 200_000,
    ...QUOTA_MESSAGES,
    why: {
      fr: 'Un plafond de messages garde rapides l’affichage des dossiers et la synchronisation des téléphones ; bien au-delà d’un usage ordinaire.',
      en: 'A message-count cap keeps folder listings and phone synchronisation fast; far above ordinary use.',
    },
  }),
  quotaSecondaryTeacherBytes: sizeSetting({
    key: 'quota.secondary-teacher.bytes',
    default: 5 * GiB,
    ...QUOTA_BYTES,
    why: {
      fr: 'Enseignants du second degré : courrier des familles, des collègues et de l’inspection, avec documents ; 5G.',
      en: 'Secondary teachers: mail from pupils’ families, colleagues and the inspection, with documents; 5G.',
    },
  }),
  quotaSecondaryTeacherMessages: integerSetting({
    key: 'quota.secondary-teacher.messages',
    default: 200_000,
    ...QUOTA_MESSAGES,
    why: {
      fr: 'Même plafond que le premier degré : des volumes de courrier comparables.',
      en: 'Same cap as primary teachers: similar volumes of mail.',
    },
  }),
  quotaAdministrativeBytes: sizeSetting({
    key: 'quota.administrative.bytes',
    default: 10 * GiB,
    ...QUOTA_BYTES,
    why: {
      fr: 'Les personnels administratifs gardent la correspondance officielle des années et reçoivent des documents numérisés ; 10G.',
      en: 'Administrative staff keep official correspondence for years and receive scanned files; 10G.',
    },
  }),
  quotaAdministrativeMessages: integerSetting({
    key: 'quota.administrative.messages',
    default: 500_000,
    ...QUOTA_MESSAGES,
    why: {
      fr: 'Les services reçoivent beaucoup de courtes notifications (applications, circuits RH) à conserver.',
      en: 'Offices receive many short notifications (applications, HR workflows) they must keep.',
    },
  }),
  quotaTechnicalBytes: sizeSetting({
    key: 'quota.technical.bytes',
    default: 5 * GiB,
    ...QUOTA_BYTES,
    why: {
      fr: 'Personnels techniques : bons d’intervention, courrier des fournisseurs et photos de chantiers ; 5G.',
      en: 'Technical staff: work orders, supplier mail and photos of sites; 5G.',
    },
  }),
  quotaTechnicalMessages: integerSetting({
    key: 'quota.technical.messages',
    default: 200_000,
    ...QUOTA_MESSAGES,
    why: {
      fr: 'Même plafond que les enseignants : des volumes de courrier comparables.',
      en: 'Same cap as teachers: similar volumes of mail.',
    },
  }),
  quotaManagementBytes: sizeSetting({
    key: 'quota.management.bytes',
    default: 10 * GiB,
    ...QUOTA_BYTES,
    why: {
      fr: 'Les chefs d’établissement et de service portent la correspondance officielle la plus lourde, gardée des années ; 10G.',
      en: 'Heads of establishments and services carry the heaviest official correspondence, kept for years; 10G.',
    },
  }),
  quotaManagementMessages: integerSetting({
    key: 'quota.management.messages',
    default: 500_000,
    ...QUOTA_MESSAGES,
    why: {
      fr: 'Comme les personnels administratifs : beaucoup de notifications à conserver.',
      en: 'Like administrative staff: many notifications that must be kept.',
    },
  }),
  quotaOtherBytes: sizeSetting({
    key: 'quota.other.bytes',
    default: 2 * GiB,
    ...QUOTA_BYTES,
    why: {
      fr: 'Boîtes partagées, ressources et personnels pas encore classés par les RH : modeste jusqu’à ce qu’une catégorie s’applique.',
      en: 'Shared mailboxes, resources and staff HR has not classified yet: modest until a category applies.',
    },
  }),
  quotaOtherMessages: integerSetting({
    key: 'quota.other.messages',
    default: 100_000,
    ...QUOTA_MESSAGES,
    why: {
      fr: 'Plafond réduit, à la mesure du quota de taille réduit.',
      en: 'Smaller cap to match the smaller size quota.',
    },
  }),
} as const;
