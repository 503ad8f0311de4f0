// The indexed parts of a document, as column names both backends use, and which columns each SearchField
// looks in. Column names are ours, never user input: they are the only identifiers spliced into queries.

import type { SearchDocument, SearchField } from '../store.ts';

export const SEARCH_COLUMNS = [
  'subject',
  'from_addresses',
  'to_addresses',
  'cc_addresses',
  'bcc_addresses',
  'body',
  'attachment_names',
] as const;

export type SearchColumn = (typeof SEARCH_COLUMNS)[number];

const ADDRESS_COLUMNS: readonly SearchColumn[] = [
  'from_addresses',
  'to_addresses',
  'cc_addresses',
  'bcc_addresses',
];

export const COLUMNS_OF_FIELD: Readonly<Record<SearchField, readonly SearchColumn[]>> = {
  text: SEARCH_COLUMNS,
  subject: ['subject'],
  from: ['from_addresses'],
  to: ['to_addresses'],
  cc: ['cc_addresses'],
  bcc: ['bcc_addresses'],
  body: ['body'],
  attachmentName: ['attachment_names'],
  address: ADDRESS_COLUMNS,
};

/** Where each column's text comes from in a SearchDocument. */
export const SOURCE_OF_COLUMN: Readonly<Record<SearchColumn, keyof SearchDocument>> = {
  subject: 'subject',
  from_addresses: 'from',
  to_addresses: 'to',
  cc_addresses: 'cc',
  bcc_addresses: 'bcc',
  body: 'body',
  attachment_names: 'attachmentNames',
};
