// What of an email goes into the full-text index: subject, addresses as people write them, body text (HTML
// already reduced to text by the parser) and attachment names. The index folds accents and case itself.

import type { EmailAddress, ParsedMessage } from '#formats/mime';
import type { SearchDocument } from '#store';

export function formatAddress(address: EmailAddress): string {
  if (address.name === '') return address.address;
  return address.address === '' ? address.name : `${address.name} <${address.address}>`;
}

export function searchDocumentOf(parsed: ParsedMessage): SearchDocument {
  return {
    subject: parsed.subject,
    from: [...parsed.from, ...parsed.sender].map(formatAddress),
    to: parsed.to.map(formatAddress),
    cc: parsed.cc.map(formatAddress),
    bcc: parsed.bcc.map(formatAddress),
    body: parsed.bodyText,
    attachmentNames: parsed.attachments.map((attachment) => attachment.name).filter((name) => name !== ''),
  };
}
