// vercors audit list|export: read the audit log (docs/access.md). `list` shows one page as a table, times in
// Paris; `export` writes every matching event as JSON lines, to standard output or to a file replaced
// atomically (a failed export leaves no half-written file), with progress on stderr.

import { resolve } from 'node:path';
import { MAX_AUDIT_PAGE, type AuditEvent } from '#domain/audit';
import { defineMessages } from '#core/i18n';
import { writeChunksAtomically } from '#core/write-file-atomically';
import { EXIT, type CliCommand, type CliContext } from '../cli-command.ts';
import { formatNumber } from '../display-format.ts';
import { ACADEMIE_TIME_ZONE, formatDateTime } from '../local-time.ts';
import { formatTable } from '../text-table.ts';
import { usageError } from '../usage-error.ts';
import {
  AUDIT_FILTER_OPTIONS,
  AUDIT_FILTER_USAGE,
  auditAccountId,
  readAuditFilters,
} from './audit-filters.ts';

/** A page of `audit list` unless --limit says otherwise: a screenful or two. */
const DEFAULT_AUDIT_LIST_LIMIT = 100;
/** Progress every this many exported events: a line every second or so, none for a short export. */
export const EXPORT_PROGRESS_EVERY = 10_000;
/** Lines are written in chunks of about this size rather than one write per event. */
const EXPORT_CHUNK_CHARS = 64 * 1024;
/** The table cuts longer details (a user agent…); --json and export keep them whole. */
const MAX_DETAILS_WIDTH = 80;
/** An export holds personal data (addresses, client addresses): readable by its owner only. */
const EXPORT_FILE_MODE = 0o600;

const MESSAGES = defineMessages({
  fr: {
    header: 'HEURE (PARIS)|TYPE|ACTEUR|SUJET|ADRESSE IP|DÉTAILS',
    none: 'Aucun événement ne correspond.',
    more: 'Suite : ajoutez --after {seq}.',
    badLimit: '--limit attend un nombre entier de 1 à {max}',
    progress: '{count} événements exportés…',
    exported: '{count} événement(s) exporté(s).',
    exportedTo: '{count} événement(s) exporté(s) dans {file}.',
    cannotWrite:
      'Impossible d’écrire {file} ({code}) : vérifiez que le dossier existe et que vous pouvez y écrire.',
  },
  en: {
    header: 'TIME (PARIS)|TYPE|ACTOR|SUBJECT|IP ADDRESS|DETAILS',
    none: 'No event matches.',
    more: 'Next: add --after {seq}.',
    badLimit: '--limit takes a whole number from 1 to {max}',
    progress: '{count} events exported…',
    exported: '{count} event(s) exported.',
    exportedTo: '{count} event(s) exported to {file}.',
    cannotWrite: 'Cannot write {file} ({code}): check that the folder exists and that you may write there.',
  },
});

type MessageKey = (typeof MESSAGES.keys)[number];

/** An event as --json and the export show it: the time as ISO 8601 (UTC) rather than epoch milliseconds. */
export function exportedEvent(event: AuditEvent) {
  return { ...event, at: new Date(event.at).toISOString() };
}

export const auditListCommand: CliCommand = {
  name: 'audit list',
  summary: {
    fr: 'Afficher le journal d’audit (filtres, pagination)',
    en: 'Show the audit log (filters, pagination)',
  },
  usage: `${AUDIT_FILTER_USAGE} [--limit N]`,
  options: { ...AUDIT_FILTER_OPTIONS, limit: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const filters = readAuditFilters(context);
    if ('problem' in filters) return usageError(context, auditListCommand, filters.problem);
    const limitText = context.options.limit;
    const limit =
      typeof limitText !== 'string'
        ? DEFAULT_AUDIT_LIST_LIMIT
        : /^\d{1,7}$/.test(limitText.trim())
          ? Number(limitText)
          : Number.NaN;
    if (!(limit >= 1 && limit <= MAX_AUDIT_PAGE)) {
      return usageError(context, auditListCommand, t('badLimit', { max: MAX_AUDIT_PAGE }));
    }

    const { identity, audit } = await context.services();
    const accountId =
      filters.account === undefined ? undefined : await auditAccountId(identity, filters.account);
    const events = await audit.list({ ...filters.query, accountId, limit });
    context.result(events.map(exportedEvent));
    if (events.length === 0) {
      context.say(t('none'));
      return EXIT.ok;
    }
    context.say(formatTable(t('header').split('|'), events.map(tableRow)));
    const last = events.at(-1);
    if (events.length === limit && last !== undefined) context.say(`\n${t('more', { seq: last.seq })}`);
    return EXIT.ok;
  },
};

export const auditExportCommand: CliCommand = {
  name: 'audit export',
  summary: {
    fr: 'Exporter le journal d’audit en JSON lines (sortie standard ou fichier)',
    en: 'Export the audit log as JSON lines (standard output or a file)',
  },
  usage: `${AUDIT_FILTER_USAGE} [--output FILE]`,
  options: { ...AUDIT_FILTER_OPTIONS, output: { type: 'string' } },
  positionals: { min: 0, max: 0 },
  async run(context) {
    const t = (key: MessageKey, params?: Record<string, string | number>) =>
      MESSAGES.t(context.locale, key, params);
    const filters = readAuditFilters(context);
    if ('problem' in filters) return usageError(context, auditExportCommand, filters.problem);
    const output = context.options.output;
    const file = typeof output === 'string' && output !== '-' ? resolve(output) : undefined;

    const { identity, audit } = await context.services();
    const accountId =
      filters.account === undefined ? undefined : await auditAccountId(identity, filters.account);
    const counter = { count: 0 };
    const chunks = auditEventLines(audit.all({ ...filters.query, accountId }), counter, (count) =>
      context.warn(t('progress', { count: formatNumber(context.locale, count) })),
    );

    // To standard output: the lines are the output, --json or not.
    if (file === undefined) {
      for await (const chunk of chunks) await context.output(chunk);
      context.warn(t('exported', { count: counter.count }));
      return EXIT.ok;
    }
    try {
      await writeChunksAtomically(file, chunks, EXPORT_FILE_MODE);
    } catch (error) {
      return cannotWrite(context, error, file);
    }
    context.say(t('exportedTo', { count: counter.count, file }));
    context.result({ output: file, count: counter.count });
    return EXIT.ok;
  },
};

/**
 * `events` as JSON lines (one event per line), gathered into chunks of about 64 KiB; `counter.count` follows
 * along, and `onProgress` hears every `every` events.
 */
export async function* auditEventLines(
  events: AsyncIterable<AuditEvent>,
  counter: { count: number },
  onProgress: (count: number) => void,
  every = EXPORT_PROGRESS_EVERY,
): AsyncGenerator<string> {
  let chunk = '';
  for await (const event of events) {
    chunk += `${JSON.stringify(exportedEvent(event))}\n`;
    counter.count++;
    if (counter.count % every === 0) onProgress(counter.count);
    if (chunk.length >= EXPORT_CHUNK_CHARS) {
      yield chunk;
      chunk = '';
    }
  }
  if (chunk !== '') yield chunk;
}

function tableRow(event: AuditEvent): string[] {
  const details = Object.entries(event.details)
    .filter(([, value]) => value !== null)
    .map(([key, value]) => `${key}=${String(value)}`)
    .join(' ');
  return [
    formatDateTime(event.at, ACADEMIE_TIME_ZONE),
    event.type,
    event.actor?.email ?? '—',
    event.subject?.email ?? '—',
    event.remoteAddress ?? '—',
    [...details].length > MAX_DETAILS_WIDTH
      ? `${[...details].slice(0, MAX_DETAILS_WIDTH - 1).join('')}…`
      : details,
  ];
}

/** A file system refusal (no such folder, no permission) is the operator's to fix, not an internal error. */
function cannotWrite(context: CliContext, error: unknown, file: string): number {
  if (!(error instanceof Error && 'syscall' in error)) throw error;
  const code = 'code' in error ? String(error.code) : error.message;
  context.warn(MESSAGES.t(context.locale, 'cannotWrite', { file, code }));
  return EXIT.failure;
}
