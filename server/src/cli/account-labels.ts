// How accounts read in the CLI: kinds, categories, statuses and languages in the user's language.

import type { AccountKind, AccountStatus, Locale, ProfileCategory } from '@vercors/contract';
import { defineMessages } from '#core/i18n';

const KINDS = defineMessages({
  fr: { person: 'personne', shared: 'boîte partagée', resource: 'ressource' },
  en: { person: 'person', shared: 'shared mailbox', resource: 'resource' },
});

const CATEGORIES = defineMessages({
  fr: {
    primaryTeacher: 'enseignant du premier degré',
    secondaryTeacher: 'enseignant du second degré',
    administrative: 'administratif',
    technical: 'technique',
    management: 'encadrement',
    other: 'autre',
  },
  en: {
    primaryTeacher: 'primary teacher',
    secondaryTeacher: 'secondary teacher',
    administrative: 'administrative',
    technical: 'technical',
    management: 'management',
    other: 'other',
  },
});

const LANGUAGES = defineMessages({
  fr: { fr: 'français', en: 'anglais' },
  en: { fr: 'French', en: 'English' },
});

const STATUSES = defineMessages({
  fr: { active: 'actif', suspended: 'suspendu', disabled: 'désactivé' },
  en: { active: 'active', suspended: 'suspended', disabled: 'disabled' },
});

export function kindLabel(locale: Locale, kind: AccountKind): string {
  return KINDS.t(locale, kind);
}

export function categoryLabel(locale: Locale, category: ProfileCategory): string {
  return CATEGORIES.t(locale, category);
}

export function statusLabel(locale: Locale, status: AccountStatus): string {
  return STATUSES.t(locale, status);
}

export function languageLabel(locale: Locale, language: Locale): string {
  return LANGUAGES.t(locale, language);
}
