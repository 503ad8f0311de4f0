// The JMAP EmailSubmission object (RFC 8621 §7) from the submission module's record, and its properties. A
// linked delivery report or read receipt is an email of the account: its blob is that email's message blob.

import type { JmapEmailSubmission } from '@vercors/contract';
import type { EmailSubmission } from '#domain/submission';
import { messageBlobId } from '../blob/blob-ids.ts';

export const SUBMISSION_PROPERTIES = [
  'id',
  'identityId',
  'emailId',
  'threadId',
  'envelope',
  'sendAt',
  'undoStatus',
  'deliveryStatus',
  'dsnBlobIds',
  'mdnBlobIds',
] as const;

export function jmapSubmission(submission: EmailSubmission): JmapEmailSubmission {
  return {
    id: submission.id,
    identityId: submission.identityId,
    emailId: submission.emailId,
    threadId: submission.threadId,
    envelope: submission.envelope,
    sendAt: submission.sendAt.toISOString().replace(/\.\d{3}Z$/, 'Z'),
    undoStatus: submission.undoStatus,
    deliveryStatus: submission.deliveryStatus,
    dsnBlobIds: submission.dsnEmailIds.map(messageBlobId),
    mdnBlobIds: submission.mdnEmailIds.map(messageBlobId),
  };
}
