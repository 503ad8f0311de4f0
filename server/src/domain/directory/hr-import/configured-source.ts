// Reading the HR source the settings name, for the scheduled import: the CSV file the HR system drops
// (directory.import.csv-file), else the LDAP directory (its password from directory.ldap.password-file). Files
// are read bounded; every failure is a DomainError the job records (a missing file is `unavailable`: the HR
// system has not dropped it yet).

import { readFile, stat } from 'node:fs/promises';
import type { SettingsValues } from '#core/config';
import { DomainError } from '#core/errors';
import { CSV_LIMITS } from '#formats/csv';
import type { DIRECTORY_SETTINGS } from '../settings.ts';
import { readCsvRecords } from './csv-records.ts';
import type { HrReadResult } from './hr-record.ts';
import { readLdapRecords } from './ldap-source.ts';
import { csvMappingFrom, ldapOptionsFrom } from './source-settings.ts';

/** A password file holds one line. */
const MAX_PASSWORD_FILE_BYTES = 4096;

export async function readConfiguredSource(
  settings: SettingsValues<typeof DIRECTORY_SETTINGS>,
): Promise<HrReadResult> {
  if (settings.importCsvFile !== '') {
    return readCsvRecords(
      await readBounded(settings.importCsvFile, CSV_LIMITS.maxBytes),
      csvMappingFrom(settings),
    );
  }
  if (settings.ldapUrl === '' || settings.ldapBaseDn === '') {
    throw new DomainError('invalid', 'no HR source: set directory.import.csv-file or directory.ldap.url', {
      details: { subject: 'hrSource', name: 'settings', reason: 'sourceNotConfigured' },
    });
  }
  let password = '';
  if (settings.ldapBindDn !== '') {
    if (settings.ldapPasswordFile === '') {
      throw new DomainError('invalid', 'directory.ldap.bind-dn is set without directory.ldap.password-file', {
        details: { subject: 'hrSource', name: 'settings', reason: 'ldapPasswordMissing' },
      });
    }
    // The file's trailing newline is not part of the password.
    password = Buffer.from(await readBounded(settings.ldapPasswordFile, MAX_PASSWORD_FILE_BYTES))
      .toString('utf8')
      .replace(/\r?\n$/, '');
  }
  return readLdapRecords(ldapOptionsFrom(settings, password));
}

async function readBounded(path: string, maxBytes: number): Promise<Uint8Array> {
  try {
    const { size } = await stat(path);
    if (size > maxBytes) {
      throw new DomainError('limit', `${path} is larger than ${maxBytes} bytes`, {
        details: { subject: 'hrSource', name: path, reason: 'fileTooBig', max: maxBytes },
      });
    }
    return await readFile(path);
  } catch (error) {
    if (error instanceof DomainError) throw error;
    throw new DomainError('unavailable', `cannot read ${path}`, {
      cause: error,
      details: { subject: 'hrSource', name: path, reason: 'fileUnreadable' },
    });
  }
}
