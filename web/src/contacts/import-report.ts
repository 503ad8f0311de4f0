// The vCard import as the contacts screen tells it: which files it takes, and the words for each reason a card
// was refused (the codes ContactCard/importVCard reports: the vCard codec's problems, a repeated UID, a card cut
// short), so the report reads "ligne 13 : vCard 2.1, trop ancien" and not a code.

import { type JmapVcardImportReport, VCARD_IMPORT_REJECTIONS } from '@vercors/contract';

/** What ContactCard/importVCard answers (docs/jmap.md "Vercors additions"). */
export type ImportReport = JmapVcardImportReport;

/** Reasons the catalogue words (group contactsImportReason); any other reads as `other`. */
export const REJECTION_REASONS = VCARD_IMPORT_REJECTIONS;

export type RejectionReason = (typeof REJECTION_REASONS)[number] | 'other';

export function rejectionReason(reason: string): RejectionReason {
  return (REJECTION_REASONS as readonly string[]).includes(reason) ? (reason as RejectionReason) : 'other';
}

/** Files over this are refused before they are sent (the server's import bound, 64 MiB). */
export const MAX_IMPORT_BYTES = 64 * 1024 * 1024;

/** A file the import takes: named .vcf or .vcard, or typed as a vCard (some systems name them otherwise). */
export function isVcardFile(file: { readonly name: string; readonly type: string }): boolean {
  return /\.(vcf|vcard)$/i.test(file.name) || /^text\/(x-)?vcard\b/i.test(file.type);
}

/** The name an exported book downloads as: its name, without what file systems refuse. */
export function exportFileName(bookName: string): string {
  const safe = bookName
    .replace(/[\\/:*?"<>|\p{Cc}]/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  return `${safe === '' ? 'contacts' : safe}.vcf`;
}
