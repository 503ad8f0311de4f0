// Public surface of mailbox files (#formats/mailbox-files): the pure half of reading another system's mail
// folders — Maildir file and folder names, mbox splitting and status fields, the header fields an import
// recognises a message by. Reading the files themselves is the caller's business.

export { messageIdOf, readHeaderFields, toCrlf } from './header-fields.ts';
export {
  decodeFolderName,
  maildirPlusPlusPath,
  parseDovecotKeywords,
  parseMaildirFlags,
  type MaildirFlags,
} from './maildir-names.ts';
export { MAX_FROM_LINE, parseFromLine, type FromLine } from './mbox-from-line.ts';
export { MboxSplitter, type MboxMessage, type MboxSplitterOptions } from './mbox-splitter.ts';
export { MBOX_STATUS_FIELDS, mboxMetadata, type MboxMetadata } from './mbox-status.ts';
export {
  decodeModifiedUtf7,
  decodeModifiedUtf7Leniently,
  encodeModifiedUtf7,
  ModifiedUtf7Error,
} from './modified-utf7.ts';
