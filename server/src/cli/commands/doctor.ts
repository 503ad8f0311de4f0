// vercors doctor: check what a deployment needs — configuration, storage, data folder, TLS, listeners —
// each OK/WARN/FAIL with a one-line fix, then list the DNS records to publish for every domain.
// Exits 1 when anything FAILs (78 when the configuration itself is invalid), so scripts can gate on it.

import type { Config } from '#core/config';
import { ConfigError, StoreError } from '#core/errors';
import { defineMessages } from '#core/i18n';
import { CORE_SETTINGS } from '#core/settings';
import type { Services } from '../../main.ts';
import { LISTENER_SETTINGS, TLS_SETTINGS } from '../../runtime/runtime-settings.ts';
import { STORE_SETTINGS } from '../../store/settings.ts';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { checkDataFolder } from '../doctor/check-data-folder.ts';
import { checkListeners } from '../doctor/check-listeners.ts';
import { checkTls } from '../doctor/check-tls.ts';
import { dnsRecordsFor, txtRecord, zoneLine, type DnsRecord } from '../doctor/dns-records.ts';
import type { CheckArea, CheckResult } from '../doctor/doctor-check.ts';
import { LATEST_SCHEMA_VERSION, schemaVersion } from '../schema-version.ts';

const MESSAGES = defineMessages({
  fr: {
    config: 'Configuration',
    storage: 'Stockage',
    dataFolder: 'Dossier de données',
    tls: 'TLS',
    listeners: 'Écoutes',
    dns: 'DNS',
    configFile: 'configuration valide (fichier {path})',
    configDefaults: 'configuration valide (aucun fichier : valeurs par défaut et environnement)',
    configProblemFix: 'corrigez ce réglage dans le fichier ou l’environnement, puis relancez vercors doctor',
    configWarningFix: 'corrigez ou supprimez ce réglage (une faute de frappe est vite arrivée)',
    localhost: 'hostname vaut localhost : les autres machines ne peuvent pas joindre ce serveur sous ce nom',
    localhostFix:
      'réglez hostname (VERCORS_HOSTNAME) sur le nom public, par exemple mail.ac-votre-academie.fr',
    storageOk: '{dialect} : ouverte et migrée (schéma {version}/{latest}), répond en {ms} ms',
    storageFailed: 'base de données inaccessible : {message}',
    storageSqliteFix:
      'vérifiez le dossier de données (droits, espace disque) et qu’aucun autre programme ne verrouille la base',
    storagePostgresFix: 'vérifiez database.url, que PostgreSQL tourne et accepte cet utilisateur',
    noDomain: 'aucun domaine servi : aucun courrier ne peut arriver',
    noDomainFix: 'vercors domain add ac-votre-academie.fr',
    domains: '{count} domaine(s) servi(s)',
    recordsHeader:
      'Enregistrements DNS à publier (et un enregistrement A/AAAA de {hostname} vers l’adresse publique du serveur) :',
    summary: 'Bilan : {fails} échec(s), {warns} avertissement(s).',
  },
  en: {
    config: 'Configuration',
    storage: 'Storage',
    dataFolder: 'Data folder',
    tls: 'TLS',
    listeners: 'Listeners',
    dns: 'DNS',
    configFile: 'configuration valid (file {path})',
    configDefaults: 'configuration valid (no file: defaults and environment)',
    configProblemFix: 'fix this setting in the file or the environment, then run vercors doctor again',
    configWarningFix: 'fix or remove this setting (typos happen)',
    localhost: 'hostname is localhost: other machines cannot reach this server by that name',
    localhostFix: 'set hostname (VERCORS_HOSTNAME) to the public name, e.g. mail.ac-your-academie.fr',
    storageOk: '{dialect}: open and migrated (schema {version}/{latest}), answers in {ms} ms',
    storageFailed: 'database unavailable: {message}',
    storageSqliteFix:
      'check the data folder (permissions, disk space) and that no other program locks the database',
    storagePostgresFix: 'check database.url, that PostgreSQL is running and accepts this user',
    noDomain: 'no domain served: no mail can arrive',
    noDomainFix: 'vercors domain add ac-your-academie.fr',
    domains: '{count} domain(s) served',
    recordsHeader:
      'DNS records to publish (plus an A/AAAA record from {hostname} to the server’s public address):',
    summary: 'Summary: {fails} failure(s), {warns} warning(s).',
  },
});

type Key = (typeof MESSAGES.keys)[number];
const STATUS_WORDS = { ok: 'OK  ', warn: 'WARN', fail: 'FAIL' } as const;

export const doctorCommand: CliCommand = {
  name: 'doctor',
  summary: {
    fr: 'Vérifier configuration, stockage, TLS et écoutes ; lister les enregistrements DNS à publier',
    en: 'Check configuration, storage, TLS and listeners; list the DNS records to publish',
  },
  usage: '',
  options: {},
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: Key, params: Record<string, string | number> = {}) =>
      MESSAGES.t(context.locale, key, params);
    const checks: CheckResult[] = [];
    const add = (area: CheckArea, status: CheckResult['status'], message: string, fix?: string) =>
      checks.push({ area, status, message, ...(fix !== undefined && { fix }) });

    // Configuration: nothing else can be checked without it.
    let config: Config;
    try {
      config = context.config();
    } catch (error) {
      if (!(error instanceof ConfigError)) throw error;
      for (const problem of error.problems) add('config', 'fail', problem, t('configProblemFix'));
      report(context, checks, []);
      return EXIT.config;
    }
    add('config', 'ok', config.filePath ? t('configFile', { path: config.filePath }) : t('configDefaults'));
    for (const warning of config.warnings) add('config', 'warn', warning, t('configWarningFix'));
    const core = config.get(CORE_SETTINGS);
    if (core.hostname === 'localhost') add('config', 'warn', t('localhost'), t('localhostFix'));

    // Storage
    const services = await openStorage(context, config.get(STORE_SETTINGS).databaseUrl !== '', add, t);

    // Data folder, TLS and listeners
    if (services !== undefined) {
      const { dataDir } = services;
      const isSecretInFile = config.modules.some(({ settings }) =>
        Object.values(settings).some((s) => s.isSecret === true && config.origin(s.key) === 'file'),
      );
      checks.push(
        ...(await checkDataFolder({
          locale: context.locale,
          dataDir,
          configPath: config.filePath,
          isSecretInFile,
        })),
      );
      const tls = { dataDir, hostname: core.hostname, ...config.get(TLS_SETTINGS) };
      checks.push(...(await checkTls(context.locale, tls, services.clock)));
    }
    checks.push(...(await checkListeners(context.locale, config.get(LISTENER_SETTINGS), core.hostname)));

    // DNS
    const records: DnsRecord[] = [];
    if (services) {
      const domains = await services.identity.listDomains();
      if (domains.length === 0) add('dns', 'warn', t('noDomain'), t('noDomainFix'));
      else add('dns', 'ok', t('domains', { count: domains.length }));
      for (const domain of domains) records.push(...dnsRecordsFor(domain.name, core.hostname));
      // DKIM keys, active or waiting to be activated: each needs its record published.
      for (const key of await services.queue.listDkimKeys()) {
        records.push(txtRecord(key.dnsRecord.name, key.dnsRecord.strings));
      }
    }
    report(context, checks, records, core.hostname);
    return checks.some((check) => check.status === 'fail') ? EXIT.failure : EXIT.ok;
  },
};

async function openStorage(
  context: CliContext,
  isPostgres: boolean,
  add: (area: CheckArea, status: CheckResult['status'], message: string, fix?: string) => void,
  t: (key: Key, params?: Record<string, string | number>) => string,
): Promise<Services | undefined> {
  try {
    const services = await context.services();
    const started = performance.now();
    await services.database.ping();
    const ms = Math.max(1, Math.round(performance.now() - started));
    const version = await schemaVersion(services.database);
    add(
      'storage',
      'ok',
      t('storageOk', { dialect: services.database.dialect.name, version, latest: LATEST_SCHEMA_VERSION, ms }),
    );
    return services;
  } catch (error) {
    if (!(error instanceof StoreError)) throw error;
    add(
      'storage',
      'fail',
      t('storageFailed', { message: error.message }),
      t(isPostgres ? 'storagePostgresFix' : 'storageSqliteFix'),
    );
    return undefined;
  }
}

function report(
  context: CliContext,
  checks: readonly CheckResult[],
  records: readonly DnsRecord[],
  hostname = '',
): void {
  const { locale } = context;
  const lines: string[] = [];
  let area: CheckArea | undefined;
  for (const check of checks) {
    if (check.area !== area) {
      area = check.area;
      lines.push(`${lines.length > 0 ? '\n' : ''}${MESSAGES.t(locale, area)}`);
    }
    lines.push(`  ${STATUS_WORDS[check.status]}  ${check.message}`);
    if (check.fix !== undefined && check.status !== 'ok') lines.push(`        → ${check.fix}`);
  }
  if (records.length > 0) {
    const width = Math.max(...records.map((r) => r.name.length));
    lines.push(
      '',
      MESSAGES.t(locale, 'recordsHeader', { hostname }),
      ...records.map((r) => `  ${zoneLine(r, width)}`),
    );
  }
  const fails = checks.filter((c) => c.status === 'fail').length;
  const warns = checks.filter((c) => c.status === 'warn').length;
  lines.push('', MESSAGES.t(locale, 'summary', { fails, warns }));
  context.say(lines.join('\n'));
  context.result({ isHealthy: fails === 0, failures: fails, warnings: warns, checks, dnsRecords: records });
}
