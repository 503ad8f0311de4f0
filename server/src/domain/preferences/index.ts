// Public surface of preferences: each account's webmail settings (JMAP Preferences, urn:vercors:jmap): its
// language and time zone (the account record's) and how the webmail reads, shows and sends mail.

export {
  COMPOSE_FORMATS,
  DEFAULT_PREFERENCES,
  PREFERENCES_ID,
  PREFERENCES_LIMITS,
  PREFERENCES_PROPERTIES,
  PREFERENCES_TYPE,
  READ_RECEIPT_POLICIES,
  type ComposeFormat,
  type Preferences,
  type PreferencesActor,
  type PreferencesChanges,
  type PreferencesProperty,
  type ReadReceiptPolicy,
} from './preferences.ts';
export {
  createPreferencesService,
  type PreferencesDependencies,
  type PreferencesService,
} from './preferences-service.ts';
