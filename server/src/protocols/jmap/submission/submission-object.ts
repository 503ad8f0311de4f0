// The JMAP EmailSubmission object (RFC 8621 §7) from the submission module's record, and its properties.

import type { JmapEmailSubmission } from '@vercors/contract';
import type { EmailSubmission } from '#domain/submission';

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
    // Delivery reports arrive as ordinary mail in the inbox; they are not linked to submissions yet.
    dsnBlobIds: [],
    mdnBlobIds: [],
  };
}
