// Public surface of the directory: the académie's establishments (keyed by UAI code), its people with their
// posts, and the HR import that feeds them. (Distribution lists join this module later.)

export {
  createDirectoryService,
  type DirectoryDependencies,
  type DirectoryService,
  type EstablishmentQuery,
  type UpsertResult,
} from './directory-service.ts';
export {
  ESTABLISHMENT_TYPES,
  isEstablishmentType,
  parseUai,
  type Establishment,
  type EstablishmentInput,
  type EstablishmentType,
} from './establishment.ts';
export { isValidUai, normalizeUai, uaiCheckLetter, uaiOf } from './uai.ts';
export {
  HR_STATUSES,
  LISTING_CHOICES,
  PERSON_LIMITS,
  PERSON_ROLES,
  PERSON_SOURCES,
  type HrStatus,
  type ListingChoice,
  type Person,
  type PersonInput,
  type PersonPost,
  type PersonRole,
  type PersonSource,
} from './person.ts';
export type { DirectoryActor, PeopleQuery, PeopleService } from './people-service.ts';
export { DIRECTORY_SETTINGS } from './settings.ts';
export {
  REJECTION_REASONS,
  type HrReadResult,
  type HrRecord,
  type Rejection,
  type RejectionReason,
  type RecordLocation,
} from './hr-import/hr-record.ts';
export {
  DEFAULT_CSV_MAPPING,
  readCsvRecords,
  type CsvColumns,
  type CsvMapping,
} from './hr-import/csv-records.ts';
export {
  PERSON_FIELDS,
  type AccountAction,
  type AccountUpdate,
  type FieldChange,
  type ImportPlan,
  type PersonField,
  type PlannedCreate,
  type PlannedDeparture,
  type PlannedUpdate,
} from './hr-import/import-plan.ts';
export {
  APPLY_LIMITS,
  DEPARTURE_REASON,
  type ApplyProgress,
  type ApplyReport,
} from './hr-import/apply-plan.ts';
export type { HrAccounts, HrNewAccount } from './hr-import/hr-accounts.ts';
export { readLdapRecords, type LdapAttributes, type LdapSourceOptions } from './hr-import/ldap-source.ts';
export { csvMappingFrom, ldapOptionsFrom } from './hr-import/source-settings.ts';
export { readConfiguredSource } from './hr-import/configured-source.ts';
export {
  ESTABLISHMENT_COLUMNS,
  readCsvEstablishments,
  type EstablishmentRejection,
  type EstablishmentsRead,
} from './hr-import/csv-establishments.ts';
export type { HrImport, HrImportOptions, HrImportSettings } from './hr-import/hr-import.ts';
export {
  REFRESH_CHECK_MS,
  type DirectoryCard,
  type DirectoryCardPost,
  type DirectoryListing,
  type DirectorySearch,
  type DirectorySearchViewer,
} from './directory-search.ts';
export {
  buildDirectorySnapshot,
  snapshotBuffers,
  type DirectorySnapshotData,
  type SnapshotBuild,
} from './directory-snapshot.ts';
export { PEOPLE_INDEX_LIMITS } from './people-index.ts';
