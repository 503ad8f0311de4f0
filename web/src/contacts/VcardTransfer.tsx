// Import and export of a book as vCard files: a .vcf chosen with the file picker or dropped on the zone is
// uploaded (with its progress) and read into the book by ContactCard/importVCard, whose report is said in
// words — created, updated, unchanged, and each refused card with its line and why; the book is exported by
// ContactCard/exportVCard and downloaded as "<book name>.vcf".

import type { JmapAddressBook } from '@vercors/contract';
import { type DragEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { uploadBlob } from '../compose/blob-upload.ts';
import { downloadUrl } from '../jmap/download-url.ts';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { isServerTrouble, refusalKey } from './contact-failure.ts';
import { exportVcard, importVcard } from './contacts-api.ts';
import {
  exportFileName,
  type ImportReport,
  isVcardFile,
  MAX_IMPORT_BYTES,
  rejectionReason,
} from './import-report.ts';

export interface VcardTransferProps {
  readonly client: JmapClient;
  readonly csrfToken: string;
  readonly book: JmapAddressBook;
  /** After an import wrote cards: the list is read again. */
  onImported(): void;
  onError(error: unknown): void;
}

type Transfer =
  | { readonly stage: 'idle' }
  | { readonly stage: 'uploading'; readonly name: string; readonly fraction: number }
  | { readonly stage: 'importing'; readonly name: string }
  | { readonly stage: 'done'; readonly name: string; readonly book: string; readonly report: ImportReport }
  | { readonly stage: 'failed'; readonly message: string }
  | { readonly stage: 'exporting' }
  | { readonly stage: 'exported'; readonly name: string };

export function VcardTransfer({ client, csrfToken, book, onImported, onError }: VcardTransferProps) {
  const { t } = useTranslation();
  const id = useId();
  const [transfer, setTransfer] = useState<Transfer>({ stage: 'idle' });
  const [isDragging, setIsDragging] = useState(false);
  const isBusy =
    transfer.stage === 'uploading' || transfer.stage === 'importing' || transfer.stage === 'exporting';

  const maxBytes = Math.min(
    MAX_IMPORT_BYTES,
    (client.session.capabilities['urn:ietf:params:jmap:core'] as { maxSizeUpload?: number } | undefined)
      ?.maxSizeUpload ?? MAX_IMPORT_BYTES,
  );

  const importFile = async (file: File) => {
    if (!isVcardFile(file)) {
      setTransfer({ stage: 'failed', message: t('contactsImport.notVcard', { name: file.name }) });
      return;
    }
    if (file.size > maxBytes) {
      setTransfer({
        stage: 'failed',
        message: t('contactsImport.tooBig', { size: Math.floor(maxBytes / (1024 * 1024)) }),
      });
      return;
    }
    setTransfer({ stage: 'uploading', name: file.name, fraction: 0 });
    try {
      const upload = uploadBlob(client.session.uploadUrl, client.accountId, file, csrfToken, (fraction) =>
        setTransfer({ stage: 'uploading', name: file.name, fraction }),
      );
      const { blobId } = await upload.done;
      setTransfer({ stage: 'importing', name: file.name });
      const report = await importVcard(client, book.id, blobId);
      setTransfer({ stage: 'done', name: file.name, book: book.name, report });
      if (report.created + report.updated > 0) onImported();
    } catch (error) {
      if (isServerTrouble(error)) onError(error);
      const key =
        error instanceof Error && /limit|http413/.test(error.message)
          ? 'contactsErrors.requestTooLarge'
          : refusalKey(error);
      setTransfer({ stage: 'failed', message: `${t('contactsImport.failed')} ${t(key)}` });
    }
  };

  const exportBook = async () => {
    setTransfer({ stage: 'exporting' });
    try {
      const blob = await exportVcard(client, book.id);
      const name = exportFileName(book.name);
      const link = document.createElement('a');
      link.href = downloadUrl(client.session.downloadUrl, client.accountId, blob.blobId, name, 'text/vcard');
      link.download = name;
      document.body.append(link);
      link.click();
      link.remove();
      setTransfer({ stage: 'exported', name });
    } catch (error) {
      if (isServerTrouble(error)) onError(error);
      setTransfer({
        stage: 'failed',
        message: `${t('contactsImport.exportFailed')} ${t(refusalKey(error))}`,
      });
    }
  };

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setIsDragging(false);
    const file = event.dataTransfer.files[0];
    if (file !== undefined && !isBusy) void importFile(file);
  };

  return (
    <section className="vcard-transfer" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`}>{t('contactsImport.title', { book: book.name })}</h3>
      <div
        className={`drop-zone${isDragging ? ' dragging' : ''}`}
        onDragOver={(event) => {
          event.preventDefault();
          setIsDragging(true);
        }}
        onDragLeave={() => setIsDragging(false)}
        onDrop={onDrop}
      >
        <label className="file-button">
          {t('contactsImport.choose')}
          <input
            type="file"
            accept=".vcf,.vcard,text/vcard,text/x-vcard"
            disabled={isBusy}
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file !== undefined) void importFile(file);
            }}
          />
        </label>
        <span className="contacts-hint">{t('contactsImport.drop')}</span>
      </div>
      <button type="button" disabled={isBusy} onClick={() => void exportBook()}>
        {t('contactsImport.export', { book: book.name })}
      </button>
      <div className="transfer-status" role="status" aria-live="polite">
        {transfer.stage === 'uploading' && (
          <>
            <span id={`${id}-progress`}>
              {t('contactsImport.uploading', {
                name: transfer.name,
                percent: Math.round(transfer.fraction * 100),
              })}
            </span>
            <progress aria-labelledby={`${id}-progress`} value={transfer.fraction} max={1} />
          </>
        )}
        {transfer.stage === 'importing' && t('contactsImport.importing', { name: transfer.name })}
        {transfer.stage === 'exporting' && t('contactsImport.exporting')}
        {transfer.stage === 'exported' && t('contactsImport.exported', { name: transfer.name })}
        {transfer.stage === 'done' && <ImportSummary {...transfer} />}
      </div>
      {transfer.stage === 'failed' && (
        <p className="contacts-error" role="alert">
          {transfer.message}
        </p>
      )}
    </section>
  );
}

function ImportSummary({ name, book, report }: { name: string; book: string; report: ImportReport }) {
  const { t } = useTranslation();
  const total = report.created + report.updated + report.unchanged + report.rejected.length;
  return (
    <div className="import-report">
      <p>
        {total === 0
          ? t('contactsImport.nothing', { name })
          : t('contactsImport.done', {
              name,
              book,
              created: t('contactsImport.created', { count: report.created }),
              updated: t('contactsImport.updated', { count: report.updated }),
              unchanged: t('contactsImport.unchanged', { count: report.unchanged }),
              rejected: t('contactsImport.rejected', { count: report.rejected.length }),
            })}
      </p>
      {report.rejected.length > 0 && (
        <ul>
          {report.rejected.map((rejected) => (
            <li key={rejected.line}>
              {t('contactsImport.line', {
                line: rejected.line,
                reason: t(`contactsImportReason.${rejectionReason(rejected.reason)}`),
              })}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
