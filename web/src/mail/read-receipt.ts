// Read receipts asked by a message (Disposition-Notification-To, RFC 8098), answered as the person chose
// (preference `readReceipts`: ask, always, never) through MDN/send (RFC 9007). The server sets `$mdnsent` on a
// sent receipt; a declined one gets it here, so nobody is asked twice on any device.

import type { JmapEmailAddress } from '@vercors/contract';
import type { ReadReceiptPolicy } from '@vercors/contract';
import type { JmapClient } from '../jmap/jmap-client.ts';

/** The header the reader asks for: who wants the receipt. */
export const RECEIPT_TO = 'header:Disposition-Notification-To:asAddresses';

export interface ReceiptFacts {
  readonly keywords: Readonly<Record<string, boolean>>;
  readonly [RECEIPT_TO]?: readonly JmapEmailAddress[] | null;
}

/** What to do for this message: nothing, ask the person, or send without asking. */
export function receiptAction(
  email: ReceiptFacts,
  policy: ReadReceiptPolicy,
  ownAddresses: readonly string[],
): 'none' | 'ask' | 'send' {
  const askers = email[RECEIPT_TO] ?? [];
  if (askers.length === 0 || policy === 'never') return 'none';
  // Already answered (here or elsewhere), a draft, or something we sent ourselves: no receipt.
  if (email.keywords.$mdnsent === true || email.keywords.$draft === true) return 'none';
  const own = new Set(ownAddresses.map((address) => address.toLowerCase()));
  if (askers.every((asker) => own.has(asker.email.toLowerCase()))) return 'none';
  return policy === 'always' ? 'send' : 'ask';
}

/** Send the receipt from the identity; `automatic` says the person did not click (RFC 8098 sending mode). */
export async function sendReadReceipt(
  client: JmapClient,
  emailId: string,
  identityId: string,
  automatic: boolean,
): Promise<void> {
  const results = await client.call([
    [
      'MDN/send',
      {
        accountId: client.accountId,
        identityId,
        send: {
          r: {
            forEmailId: emailId,
            disposition: {
              actionMode: automatic ? 'automatic-action' : 'manual-action',
              sendingMode: automatic ? 'mdn-sent-automatically' : 'mdn-sent-manually',
              type: 'displayed',
            },
          },
        },
      },
      'm',
    ],
  ]);
  const answer = results.get('m') as { notSent?: Record<string, { type: string }> | null };
  const refusal = answer.notSent?.r;
  // Another device answered first: the receipt is sent, which is what was wanted.
  if (refusal !== undefined && refusal.type !== 'mdnAlreadySent')
    throw new Error(`MDN/send: ${refusal.type}`);
}

/** The person declined: remember it on the message so no device asks again. */
export async function declineReadReceipt(client: JmapClient, emailId: string): Promise<void> {
  await client.call([
    ['Email/set', { accountId: client.accountId, update: { [emailId]: { 'keywords/$mdnsent': true } } }, 'd'],
  ]);
}
