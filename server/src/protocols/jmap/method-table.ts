// Every JMAP method this server answers, by name (Cyrus's one table per data type, STYLE.md). A method whose
// capability the request did not declare in `using` is answered unknownMethod.

import { blobCopy } from './blob/copy.ts';
import { coreEcho } from './core/echo.ts';
import { addressBookChanges } from './contacts/address-book/changes.ts';
import { addressBookGet } from './contacts/address-book/get.ts';
import { addressBookSet } from './contacts/address-book/set.ts';
import { contactCardChanges } from './contacts/contact-card/changes.ts';
import { contactCardCopy } from './contacts/contact-card/copy.ts';
import { contactCardExportVcard } from './contacts/contact-card/export-vcard.ts';
import { contactCardGet } from './contacts/contact-card/get.ts';
import { contactCardImportVcard } from './contacts/contact-card/import-vcard.ts';
import { contactCardQuery } from './contacts/contact-card/query.ts';
import { contactCardQueryChanges } from './contacts/contact-card/query-changes.ts';
import { contactCardSet } from './contacts/contact-card/set.ts';
import { emailChanges } from './email/changes.ts';
import { emailCopy } from './email/copy.ts';
import { emailGet } from './email/get.ts';
import { emailImport } from './email/import.ts';
import { emailParse } from './email/parse.ts';
import { emailQuery } from './email/query.ts';
import { emailQueryChanges } from './email/query-changes.ts';
import { emailSet } from './email/set.ts';
import { identityChanges } from './identity/changes.ts';
import { identityGet } from './identity/get.ts';
import { identitySet } from './identity/set.ts';
import { mailboxChanges } from './mailbox/changes.ts';
import { mailboxGet } from './mailbox/get.ts';
import { mailboxQuery } from './mailbox/query.ts';
import { mailboxQueryChanges } from './mailbox/query-changes.ts';
import { mailboxSet } from './mailbox/set.ts';
import { mdnParse } from './mdn/parse.ts';
import { mdnSend } from './mdn/send.ts';
import type { MethodDefinition } from './method-context.ts';
import { quotaChanges } from './quota/changes.ts';
import { quotaGet } from './quota/get.ts';
import { quotaQuery } from './quota/query.ts';
import { quotaQueryChanges } from './quota/query-changes.ts';
import { searchSnippetGet } from './search-snippet/get.ts';
import { emailSubmissionChanges } from './submission/changes.ts';
import { emailSubmissionGet } from './submission/get.ts';
import { emailSubmissionQuery } from './submission/query.ts';
import { emailSubmissionQueryChanges } from './submission/query-changes.ts';
import { emailSubmissionSet } from './submission/set.ts';
import { threadChanges } from './thread/changes.ts';
import { threadGet } from './thread/get.ts';
import { vacationResponseGet } from './vacation/get.ts';
import { preferencesChanges } from './preferences/changes.ts';
import { preferencesGet } from './preferences/get.ts';
import { preferencesSet } from './preferences/set.ts';
import { directorySearch } from './vercors/directory-search.ts';
import { replyTemplateChanges } from './reply-template/changes.ts';
import { replyTemplateGet } from './reply-template/get.ts';
import { replyTemplateQuery } from './reply-template/query.ts';
import { replyTemplateQueryChanges } from './reply-template/query-changes.ts';
import { replyTemplateSet } from './reply-template/set.ts';
import { signatureChanges } from './signature/changes.ts';
import { signatureChoose } from './signature/choose.ts';
import { signatureGet } from './signature/get.ts';
import { signatureSet } from './signature/set.ts';
import { spellingCheck } from './spelling/check.ts';
import { vacationResponseSet } from './vacation/set.ts';

export const METHODS: ReadonlyMap<string, MethodDefinition> = new Map([
  ['Core/echo', coreEcho],
  ['Blob/copy', blobCopy],
  ['Mailbox/get', mailboxGet],
  ['Mailbox/changes', mailboxChanges],
  ['Mailbox/query', mailboxQuery],
  ['Mailbox/queryChanges', mailboxQueryChanges],
  ['Mailbox/set', mailboxSet],
  ['Thread/get', threadGet],
  ['Thread/changes', threadChanges],
  ['Email/get', emailGet],
  ['Email/changes', emailChanges],
  ['Email/query', emailQuery],
  ['Email/queryChanges', emailQueryChanges],
  ['Email/set', emailSet],
  ['Email/copy', emailCopy],
  ['Email/import', emailImport],
  ['Email/parse', emailParse],
  ['SearchSnippet/get', searchSnippetGet],
  ['Identity/get', identityGet],
  ['Identity/changes', identityChanges],
  ['Identity/set', identitySet],
  ['EmailSubmission/get', emailSubmissionGet],
  ['EmailSubmission/changes', emailSubmissionChanges],
  ['EmailSubmission/query', emailSubmissionQuery],
  ['EmailSubmission/queryChanges', emailSubmissionQueryChanges],
  ['EmailSubmission/set', emailSubmissionSet],
  ['VacationResponse/get', vacationResponseGet],
  ['VacationResponse/set', vacationResponseSet],
  ['MDN/send', mdnSend],
  ['MDN/parse', mdnParse],
  ['Quota/get', quotaGet],
  ['Quota/changes', quotaChanges],
  ['Quota/query', quotaQuery],
  ['Quota/queryChanges', quotaQueryChanges],
  ['Directory/search', directorySearch],
  ['Spelling/check', spellingCheck],
  ['Signature/get', signatureGet],
  ['Signature/changes', signatureChanges],
  ['Signature/set', signatureSet],
  ['Signature/choose', signatureChoose],
  ['ReplyTemplate/get', replyTemplateGet],
  ['ReplyTemplate/changes', replyTemplateChanges],
  ['ReplyTemplate/query', replyTemplateQuery],
  ['ReplyTemplate/queryChanges', replyTemplateQueryChanges],
  ['ReplyTemplate/set', replyTemplateSet],
  ['Preferences/get', preferencesGet],
  ['Preferences/changes', preferencesChanges],
  ['Preferences/set', preferencesSet],
  ['AddressBook/get', addressBookGet],
  ['AddressBook/changes', addressBookChanges],
  ['AddressBook/set', addressBookSet],
  ['ContactCard/get', contactCardGet],
  ['ContactCard/changes', contactCardChanges],
  ['ContactCard/query', contactCardQuery],
  ['ContactCard/queryChanges', contactCardQueryChanges],
  ['ContactCard/set', contactCardSet],
  ['ContactCard/copy', contactCardCopy],
  ['ContactCard/importVCard', contactCardImportVcard],
  ['ContactCard/exportVCard', contactCardExportVcard],
]);
