// The HR sources' options as the directory settings give them: the CSV columns and separators, and the LDAP
// connection (with the password the caller read from directory.ldap.password-file) and attribute names.

import type { SettingsValues } from '#core/config';
import type { DIRECTORY_SETTINGS } from '../settings.ts';
import type { CsvMapping } from './csv-records.ts';
import type { LdapSourceOptions } from './ldap-source.ts';

type DirectorySettings = SettingsValues<typeof DIRECTORY_SETTINGS>;

export function csvMappingFrom(settings: DirectorySettings): CsvMapping {
  return {
    columns: {
      hrId: settings.csvHrId,
      familyName: settings.csvFamilyName,
      givenName: settings.csvGivenName,
      displayName: settings.csvDisplayName,
      email: settings.csvEmail,
      title: settings.csvTitle,
      category: settings.csvCategory,
      disciplines: settings.csvDisciplines,
      establishments: settings.csvEstablishments,
      phone: settings.csvPhone,
    },
    listSeparator: settings.csvListSeparator,
    roleSeparator: settings.csvRoleSeparator,
  };
}

export function ldapOptionsFrom(settings: DirectorySettings, password: string): LdapSourceOptions {
  return {
    url: settings.ldapUrl,
    bindDn: settings.ldapBindDn,
    password,
    baseDn: settings.ldapBaseDn,
    filter: settings.ldapFilter,
    pageSize: settings.ldapPageSize,
    timeoutMs: settings.ldapTimeout,
    maxEntries: settings.ldapMaxEntries,
    roleSeparator: settings.csvRoleSeparator,
    attributes: {
      hrId: settings.ldapHrId,
      familyName: settings.ldapFamilyName,
      givenName: settings.ldapGivenName,
      displayName: settings.ldapDisplayName,
      email: settings.ldapEmail,
      title: settings.ldapTitle,
      category: settings.ldapCategory,
      disciplines: settings.ldapDisciplines,
      establishments: settings.ldapEstablishments,
      phone: settings.ldapPhone,
    },
  };
}
