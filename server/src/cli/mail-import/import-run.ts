// The import itself: each source folder is placed in the account, its messages read in order, those already
// there or deleted in the source skipped, the rest stored in batches. It stops at the first quota refusal
// (reported, never silent); every other refusal is one rejected message, listed, and the import goes on.

import { DomainError } from '#core/errors';
import { MAIL_LIMITS, parseKeyword, type MailService } from '#domain/mail';
import { readHeaderFields, toCrlf } from '#formats/mailbox-files';
import { targetOf } from './folder-mapping.ts';
import { ImportBatches, type BatchItem } from './import-batches.ts';
import { sourceLabel, type ImportSource, type SourceFolder, type SourceMessage } from './import-source.ts';
import {
  MAX_LISTED_REJECTIONS,
  newFolderReport,
  type FolderReport,
  type QuotaStop,
  type Rejection,
} from './import-summary.ts';
import { messageKey, PresentMessages } from './present-messages.ts';
import type { TargetMailboxes } from './target-mailboxes.ts';

export interface ImportRunOptions {
  readonly mail: MailService;
  readonly accountId: string;
  readonly source: ImportSource;
  readonly targets: TargetMailboxes;
  readonly hasInto: boolean;
  readonly isDryRun: boolean;
  /** The site's largest message (smtp.max-message-size), capped by the store's own limit. */
  readonly maxMessageBytes: number;
  /** Called after each message read; the caller decides how often to say anything. */
  readonly onProgress: (progress: ImportProgressState) => void;
  /** Turns a store refusal of a whole folder (its mailbox cannot be created) into a sentence. */
  readonly describeError: (error: DomainError) => string;
}

export interface ImportProgressState {
  readonly folder: string;
  readonly position: number;
  readonly total: { readonly unit: 'messages' | 'bytes'; readonly value: number };
  /** Messages read so far in the whole import. */
  readonly read: number;
}

/** One import: its reports fill in as it goes, so an interrupted run can still say how far it got. */
export class ImportRun {
  readonly folders: FolderReport[] = [];
  readonly rejections: Rejection[] = [];
  stopped: QuotaStop | null = null;
  readonly #options: ImportRunOptions;
  #read = 0;

  constructor(options: ImportRunOptions) {
    this.#options = options;
  }

  async run(): Promise<void> {
    const { mail, accountId, source } = this.#options;
    const batches = new ImportBatches(mail, {
      reject: (item, error) =>
        this.#reject(item.report, {
          message: item.origin,
          reason: error.code,
          size: item.request.raw.byteLength,
          detail: error.details.reason === undefined ? null : String(error.details.reason),
        }),
    });
    const present = new PresentMessages(mail, accountId);
    try {
      for (const folder of source.folders) {
        await this.#importFolder(folder, batches, present);
        if (batches.stop !== undefined) break;
      }
    } finally {
      this.stopped = batches.stop ?? null;
    }
  }

  async #importFolder(folder: SourceFolder, batches: ImportBatches, present: PresentMessages): Promise<void> {
    const { targets, isDryRun, maxMessageBytes, accountId } = this.#options;
    const report = newFolderReport(sourceLabel(folder));
    this.folders.push(report);

    // Place the folder
    let target;
    try {
      target = await targets.resolve(targetOf(folder, this.#options.hasInto));
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      report.error = this.#options.describeError(error);
      return;
    }
    Object.assign(report, { target: target.label, role: target.role, isNew: target.isNew });
    const mailboxKey = target.id ?? target.label;
    await present.load(mailboxKey, target.id);

    // Read, skip, batch
    const opened = await folder.open();
    for await (const message of opened.messages(maxMessageBytes)) {
      report.messages += 1;
      this.#read += 1;
      this.#options.onProgress({
        folder: report.source,
        position: message.position,
        total: opened.total,
        read: this.#read,
      });
      const raw = this.#check(message, report);
      if (raw === undefined) continue;
      if (present.isPresent(mailboxKey, messageKey(raw))) {
        report.alreadyPresent += 1;
        continue;
      }
      if (isDryRun || target.id === undefined) {
        report.imported += 1;
        report.importedBytes += raw.byteLength;
        continue;
      }
      await batches.add(batchItem(accountId, message, raw, target.id, report));
      if (batches.stop !== undefined) break;
    }
    await batches.drain();
  }

  /** The bytes to store, or undefined when the message is skipped (deleted) or rejected (unreadable, too big). */
  #check(message: SourceMessage, report: FolderReport): Uint8Array | undefined {
    const maxBytes = this.#options.maxMessageBytes;
    if (message.isDeleted) {
      report.deleted += 1;
      return undefined;
    }
    const base = { message: message.origin, size: message.size };
    if (message.unreadable !== undefined) {
      this.#reject(report, { ...base, reason: 'unreadable', detail: message.unreadable });
      return undefined;
    }
    // IMAP and SMTP speak CRLF; the files mostly hold LF. The limit applies to what would be stored.
    const raw = message.raw === undefined ? undefined : toCrlf(message.raw);
    if (raw === undefined || raw.byteLength > maxBytes) {
      const size = raw?.byteLength ?? message.size;
      this.#reject(report, { ...base, size, reason: 'tooBig', detail: String(maxBytes) });
      return undefined;
    }
    return raw;
  }

  #reject(report: FolderReport, rejection: Omit<Rejection, 'folder'>): void {
    report.rejected += 1;
    if (this.rejections.length < MAX_LISTED_REJECTIONS)
      this.rejections.push({ folder: report.source, ...rejection });
  }
}

function batchItem(
  accountId: string,
  message: SourceMessage,
  raw: Uint8Array,
  mailboxId: string,
  report: FolderReport,
): BatchItem {
  const receivedAt = message.receivedAt ?? dateField(raw);
  return {
    request: {
      accountId,
      raw,
      options: {
        mailboxIds: [mailboxId],
        keywords: validKeywords(message.keywords),
        ...(receivedAt !== undefined && { receivedAt }),
      },
    },
    report,
    origin: message.origin,
  };
}

/** Keywords the store accepts; an odd one from an old client (a space, a bracket) is dropped, not fatal. */
function validKeywords(keywords: readonly string[]): string[] {
  const valid = keywords.filter((keyword) => {
    try {
      parseKeyword(keyword);
      return true;
    } catch {
      return false;
    }
  });
  return valid.slice(0, MAIL_LIMITS.maxKeywordsPerEmail);
}

const DATE_FIELD = new Set(['date']);

/** The Date field, when the source gives no received date: better than the day of the migration. */
function dateField(raw: Uint8Array): Date | undefined {
  const value = readHeaderFields(raw, DATE_FIELD).get('date');
  const time = value === undefined ? Number.NaN : Date.parse(value.replace(/\([^)]*\)/g, ' '));
  return Number.isFinite(time) && time >= 0 ? new Date(time) : undefined;
}
