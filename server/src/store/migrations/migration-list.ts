// Every migration, oldest first. Append only: a released migration is never edited or removed.

import { initial } from './0001-initial.ts';
import { searchIndex } from './0002-search-index.ts';
import { mail } from './0003-mail.ts';
import { queue } from './0004-queue.ts';
import { inboundReceipts } from './0005-inbound-receipts.ts';
import { changeLogHorizons } from './0006-change-log-horizons.ts';
import { emailHeaderCache } from './0007-email-header-cache.ts';
import { blobUploads } from './0008-blob-uploads.ts';
import { sendingIdentities } from './0009-sending-identities.ts';
import { emailSubmissions } from './0010-email-submissions.ts';
import { vacationResponses } from './0011-vacation-responses.ts';
import { signaturesTemplates } from './0012-signatures-templates.ts';
import { access } from './0013-access.ts';
import { secondFactors } from './0014-second-factors.ts';
import { accountActivity } from './0015-account-activity.ts';
import { helpdeskRecovery } from './0016-helpdesk-recovery.ts';
import { directoryPeople } from './0017-directory-people.ts';
import { addressBooks } from './0018-address-books.ts';
import { serverKeys } from './0019-server-keys.ts';
import { directoryVersion } from './0020-directory-version.ts';
import { submissionReports } from './0021-submission-reports.ts';
import { preferences } from './0022-preferences.ts';
import { substringIndexColumns } from './0023-substring-index-columns.ts';
import { blobContents } from './0024-blob-contents.ts';
import { membershipHeaders } from './0025-membership-headers.ts';
import { searchPending } from './0026-search-pending.ts';
import type { Migration } from './run-migrations.ts';

export const MIGRATIONS: readonly Migration[] = [
  initial,
  searchIndex,
  mail,
  queue,
  inboundReceipts,
  changeLogHorizons,
  emailHeaderCache,
  blobUploads,
  sendingIdentities,
  emailSubmissions,
  vacationResponses,
  signaturesTemplates,
  access,
  secondFactors,
  accountActivity,
  helpdeskRecovery,
  directoryPeople,
  addressBooks,
  serverKeys,
  directoryVersion,
  submissionReports,
  preferences,
  substringIndexColumns,
  blobContents,
  membershipHeaders,
  searchPending,
];
