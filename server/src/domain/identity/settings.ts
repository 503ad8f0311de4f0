// Identity settings: the password policy and the default quota of each staff category.
// A quota set on an account overrides its category's default; the defaults follow what each category keeps.

import { integerSetting, sizeSetting } from '#core/config';

const GiB = 1024 ** 3;
/** Quotas between 10 MiB (a resource mailbox) and 1 TiB (an archive account); beyond is a typo. */
const QUOTA_BYTES = { min: 10 * 1024 ** 2, max: 1024 ** 4 };
/** Message counts between 1,000 and 100 million. */
const QUOTA_MESSAGES = { min: 1_000, max: 100_000_000 };

export const IDENTITY_SETTINGS = {
  passwordMinLength: integerSetting({
    key: 'password.min-length',
    default: 12,
    min: 8,
    max: 128,
    why: 'Length beats composition rules (NIST SP 800-63B); 12 is the CNIL baseline (délibération 2022-100) for a password used alone.',
  }),
  quotaPrimaryTeacherBytes: sizeSetting({
    key: 'quota.primary-teacher.bytes',
    default: 5 * GiB,
    ...QUOTA_BYTES,
    why: 'Primary teachers: school and circonscription mail with class documents; 5G holds several years of it.',
  }),
  quotaPrimaryTeacherMessages: integerSetting({
    key: 'quota.primary-teacher.messages',
    default: 200_000,
    ...QUOTA_MESSAGES,
    why: 'A message-count cap keeps folder listings and phone synchronisation fast; far above ordinary use.',
  }),
  quotaSecondaryTeacherBytes: sizeSetting({
    key: 'quota.secondary-teacher.bytes',
    default: 5 * GiB,
    ...QUOTA_BYTES,
    why: 'Secondary teachers: mail from pupils’ families, colleagues and the inspection, with documents; 5G.',
  }),
  quotaSecondaryTeacherMessages: integerSetting({
    key: 'quota.secondary-teacher.messages',
    default: 200_000,
    ...QUOTA_MESSAGES,
    why: 'Same cap as primary teachers: similar volumes of mail.',
  }),
  quotaAdministrativeBytes: sizeSetting({
    key: 'quota.administrative.bytes',
    default: 10 * GiB,
    ...QUOTA_BYTES,
    why: 'Administrative staff keep official correspondence for years and receive scanned files; 10G.',
  }),
  quotaAdministrativeMessages: integerSetting({
    key: 'quota.administrative.messages',
    default: 500_000,
    ...QUOTA_MESSAGES,
    why: 'Offices receive many short notifications (applications, HR workflows) they must keep.',
  }),
  quotaTechnicalBytes: sizeSetting({
    key: 'quota.technical.bytes',
    default: 5 * GiB,
    ...QUOTA_BYTES,
    why: 'Technical staff: work orders, supplier mail and photos of sites; 5G.',
  }),
  quotaTechnicalMessages: integerSetting({
    key: 'quota.technical.messages',
    default: 200_000,
    ...QUOTA_MESSAGES,
    why: 'Same cap as teachers: similar volumes of mail.',
  }),
  quotaManagementBytes: sizeSetting({
    key: 'quota.management.bytes',
    default: 10 * GiB,
    ...QUOTA_BYTES,
    why: 'Heads of establishments and services carry the heaviest official correspondence, kept for years; 10G.',
  }),
  quotaManagementMessages: integerSetting({
    key: 'quota.management.messages',
    default: 500_000,
    ...QUOTA_MESSAGES,
    why: 'Like administrative staff: many notifications that must be kept.',
  }),
  quotaOtherBytes: sizeSetting({
    key: 'quota.other.bytes',
    default: 2 * GiB,
    ...QUOTA_BYTES,
    why: 'Shared mailboxes, resources and staff HR has not classified yet: modest until a category applies.',
  }),
  quotaOtherMessages: integerSetting({
    key: 'quota.other.messages',
    default: 100_000,
    ...QUOTA_MESSAGES,
    why: 'Smaller cap to match the smaller size quota.',
  }),
} as const;
