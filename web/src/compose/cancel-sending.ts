// Taking back a message that waits to be sent (undo send, or a scheduled send): its submission is canceled
// (RFC 8621 §7: undoStatus canceled, refused once it has started to go), then the message goes back from
// Sent to Drafts with its $draft keyword, as it was before sending; the message it answered loses the mark
// sending gave it.

import type { JmapMailbox } from '@vercors/contract';
import type { JmapClient } from '../jmap/jmap-client.ts';
import type { DraftOrigin } from './compose-draft.ts';

/** Whether it was taken back in time (false: too late, the message has left). */
export async function cancelSending(
  client: JmapClient,
  submissionId: string,
  emailId: string,
  mailboxes: readonly JmapMailbox[],
  origin: DraftOrigin | null,
): Promise<boolean> {
  const { accountId } = client;
  const results = await client.call([
    ['EmailSubmission/set', { accountId, update: { [submissionId]: { undoStatus: 'canceled' } } }, 'u'],
  ]);
  const updated = (results.get('u') as { updated?: Record<string, unknown> | null }).updated;
  if (updated?.[submissionId] === undefined) return false;
  const drafts = mailboxes.find((mailbox) => mailbox.role === 'drafts')?.id;
  const sent = mailboxes.find((mailbox) => mailbox.role === 'sent')?.id;
  if (drafts !== undefined) {
    await client.call([
      [
        'Email/set',
        {
          accountId,
          update: {
            [emailId]: {
              [`mailboxIds/${drafts}`]: true,
              ...(sent !== undefined && { [`mailboxIds/${sent}`]: null }),
              'keywords/$draft': true,
            },
            ...(origin !== null &&
              !origin.wasMarked && { [origin.emailId]: { [`keywords/${origin.keyword}`]: null } }),
          },
        },
        'm',
      ],
    ]);
  }
  return true;
}
