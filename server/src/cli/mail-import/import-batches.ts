// Messages go to the mail store in batches through importMessages (one transaction each, group commit), up to
// MAIL_LIMITS.maxImportBatch messages or MAX_BATCH_BYTES, whichever comes first. One batch is in flight while
// the next is read from disk, so reading and storing overlap; batches still commit in source order.

import type { DomainError } from '#core/errors';
import { MAIL_LIMITS, type ImportOutcome, type ImportRequest, type MailService } from '#domain/mail';
import type { FolderReport, QuotaStop } from './import-summary.ts';

/**
 * Bytes of messages held per batch: 500 messages of 30 MiB would be 15 GiB in memory. Two batches live at once
 * (one storing, one filling), so the import holds at most about twice this.
 */
export const MAX_BATCH_BYTES = 64 * 1024 * 1024;

export interface BatchItem {
  readonly request: ImportRequest;
  readonly report: FolderReport;
  readonly origin: string;
}

export interface BatchOutcomeHandler {
  /** A message the store refused for its own reasons (invalid, too big for it…). */
  reject(item: BatchItem, error: DomainError): void;
}

export class ImportBatches {
  readonly #mail: MailService;
  readonly #onRefused: BatchOutcomeHandler;
  #items: BatchItem[] = [];
  #bytes = 0;
  #inFlight: Promise<void> | undefined;
  #failure: { readonly error: unknown } | undefined;
  #stop: QuotaStop | undefined;

  constructor(mail: MailService, onRefused: BatchOutcomeHandler) {
    this.#mail = mail;
    this.#onRefused = onRefused;
  }

  /** Set once the account's quota refused a message: nothing more is sent. */
  get stop(): QuotaStop | undefined {
    return this.#stop;
  }

  async add(item: BatchItem): Promise<void> {
    this.#items.push(item);
    this.#bytes += item.request.raw.byteLength;
    if (this.#items.length >= MAIL_LIMITS.maxImportBatch || this.#bytes >= MAX_BATCH_BYTES) {
      await this.#send(false);
    }
  }

  /**
   * Send what is pending, durably, and wait until everything sent is stored (end of a folder, of the import).
   * The batches before it commit without waiting for the disk: a crash may lose the last of them, never mail
   * (the blobs are fsynced whatever happens) — the next run imports them again — and this commit's sync makes
   * them all durable at once.
   */
  async drain(): Promise<void> {
    await this.#send(true);
    await this.#settle();
  }

  async #send(isDurable: boolean): Promise<void> {
    await this.#settle();
    const items = this.#items;
    this.#items = [];
    this.#bytes = 0;
    if (items.length === 0 || this.#stop !== undefined) return;
    this.#inFlight = this.#mail
      .importMessages(
        items.map((item) => item.request),
        { isDurable },
      )
      .then(
        (outcomes) => this.#record(items, outcomes),
        (error: unknown) => {
          this.#failure = { error };
        },
      );
  }

  async #settle(): Promise<void> {
    await this.#inFlight;
    this.#inFlight = undefined;
    if (this.#failure !== undefined) throw this.#failure.error;
  }

  #record(items: readonly BatchItem[], outcomes: readonly ImportOutcome[]): void {
    outcomes.forEach((outcome, index) => {
      const item = items[index] as BatchItem;
      if (outcome.ok) {
        item.report.imported += 1;
        item.report.importedBytes += outcome.email.size;
      } else if (outcome.error.code === 'overQuota') {
        // The first refusal says which limit; the messages refused after it are simply not imported yet.
        this.#stop ??= quotaStop(item.report.source, outcome.error);
      } else {
        this.#onRefused.reject(item, outcome.error);
      }
    });
  }
}

function quotaStop(folder: string, error: DomainError): QuotaStop {
  const { name, used, limit } = error.details;
  return {
    reason: 'overQuota',
    folder,
    limit: name === 'messages' ? 'messages' : 'bytes',
    used: Number(used ?? 0),
    max: Number(limit ?? 0),
  };
}
