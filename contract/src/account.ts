// Account vocabulary shared by the server and the web app.

export const ACCOUNT_KINDS = ['person', 'shared', 'resource'] as const;
export type AccountKind = (typeof ACCOUNT_KINDS)[number];

export const ACCOUNT_STATUSES = ['active', 'suspended', 'disabled'] as const;
export type AccountStatus = (typeof ACCOUNT_STATUSES)[number];

/** Staff categories of an académie; quotas and policies default per category. */
export const PROFILE_CATEGORIES = [
  'primaryTeacher',
  'secondaryTeacher',
  'administrative',
  'technical',
  'management',
  'other',
] as const;
export type ProfileCategory = (typeof PROFILE_CATEGORIES)[number];

export const LOCALES = ['fr', 'en'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'fr';
export const DEFAULT_TIME_ZONE = 'Europe/Paris';
