// Every JMAP method this server answers, by name (Cyrus's one table per data type, STYLE.md). A method whose
// capability the request did not declare in `using` is answered unknownMethod.

import { coreEcho } from './core/echo.ts';
import { emailChanges } from './email/changes.ts';
import { emailGet } from './email/get.ts';
import { emailQuery } from './email/query.ts';
import { emailQueryChanges } from './email/query-changes.ts';
import { emailSet } from './email/set.ts';
import { mailboxChanges } from './mailbox/changes.ts';
import { mailboxGet } from './mailbox/get.ts';
import { mailboxQuery } from './mailbox/query.ts';
import { mailboxQueryChanges } from './mailbox/query-changes.ts';
import { mailboxSet } from './mailbox/set.ts';
import type { MethodDefinition } from './method-context.ts';
import { searchSnippetGet } from './search-snippet/get.ts';
import { threadChanges } from './thread/changes.ts';
import { threadGet } from './thread/get.ts';

export const METHODS: ReadonlyMap<string, MethodDefinition> = new Map([
  ['Core/echo', coreEcho],
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
  ['SearchSnippet/get', searchSnippetGet],
]);
