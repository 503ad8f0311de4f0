// What `vercors mail import` reports: per folder and in total, what was imported, skipped (already there, or
// deleted in the source), rejected and why, and why it stopped early if it did. `--json` prints this object.

import type { MailboxRole } from '#domain/mail';

export interface FolderReport extends ImportTotals {
  /** The folder as the source names it (`INBOX`, `Sent`, `Projets/2024`). */
  readonly source: string;
  /** The mailbox it went to, as a path from the root; null when the folder could not be placed. */
  target: string | null;
  role: MailboxRole | null;
  /** The mailbox was created by this import (in a dry run: would be). */
  isNew: boolean;
  /** Why the whole folder was left out (its mailbox could not be created), as a sentence. */
  error: string | null;
}

export interface Rejection {
  readonly folder: string;
  /** Maildir file name, or `@offset` of the message in its mbox file. */
  readonly message: string;
  /** tooBig, unreadable, or the mail store's refusal code (invalid, limit…). */
  readonly reason: string;
  readonly size: number;
  /** The I/O error code or the store's reason, when there is one. */
  readonly detail: string | null;
}

export interface QuotaStop {
  readonly reason: 'overQuota';
  readonly folder: string;
  /** The limit that was hit. */
  readonly limit: 'bytes' | 'messages';
  readonly used: number;
  readonly max: number;
}

/** What became of the messages read, per folder and in total. */
export interface ImportTotals {
  /** Messages read, whatever became of them. */
  messages: number;
  /** Imported (in a dry run: would be). */
  imported: number;
  importedBytes: number;
  /** Already in the mailbox (an earlier run, or delivered there meanwhile). */
  alreadyPresent: number;
  /** Deleted in the source but never expunged (Maildir T, mbox D): skipped. */
  deleted: number;
  rejected: number;
}

export interface ImportSummary {
  readonly account: string;
  readonly source: { readonly format: 'maildir' | 'mbox'; readonly path: string };
  readonly into: string | null;
  readonly isDryRun: boolean;
  readonly totals: ImportTotals;
  readonly folders: readonly FolderReport[];
  /** Mailboxes created (in a dry run: to be created), parents first. */
  readonly createdMailboxes: readonly string[];
  /** The first MAX_LISTED_REJECTIONS rejections; totals.rejected counts them all. */
  readonly rejections: readonly Rejection[];
  /** Files of an mbox folder that are not mbox, left alone. */
  readonly ignoredFiles: readonly string[];
  readonly stopped: QuotaStop | null;
  /** The account's quota before the import, and whether what it would import fits (dry run). */
  readonly quota: {
    readonly limit: { readonly bytes: number; readonly messages: number };
    readonly used: { readonly bytes: number; readonly messages: number };
  };
  readonly elapsedMs: number;
}

/** Rejections listed one by one; beyond, only counted (a broken export may reject thousands). */
export const MAX_LISTED_REJECTIONS = 20;

export function newFolderReport(source: string): FolderReport {
  return {
    source,
    target: null,
    role: null,
    isNew: false,
    messages: 0,
    imported: 0,
    importedBytes: 0,
    alreadyPresent: 0,
    deleted: 0,
    rejected: 0,
    error: null,
  };
}

export function totalsOf(folders: readonly FolderReport[]): ImportTotals {
  const totals = { messages: 0, imported: 0, importedBytes: 0, alreadyPresent: 0, deleted: 0, rejected: 0 };
  for (const folder of folders) {
    for (const key of Object.keys(totals) as (keyof ImportTotals)[]) totals[key] += folder[key];
  }
  return totals;
}
