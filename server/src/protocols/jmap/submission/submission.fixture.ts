// Test helpers for EmailSubmission: the submission capability in `using`, Paul's identity and mailboxes, and a
// draft written through Email/set as a client does.

import { JMAP_CAPABILITIES } from '@vercors/contract';
import type { JmapFixture } from '../jmap.fixture.ts';

export const SUBMISSION_USING = [
  JMAP_CAPABILITIES.core,
  JMAP_CAPABILITIES.mail,
  JMAP_CAPABILITIES.submission,
];

export interface Sender {
  readonly identityId: string;
  readonly drafts: string;
  readonly sent: string;
}

export async function senderOf(fixture: JmapFixture): Promise<Sender> {
  const accountId = fixture.accounts.paul;
  const { responses } = await fixture.api(
    [
      ['Identity/get', { accountId }, 'i'],
      ['Mailbox/get', { accountId }, 'm'],
    ],
    { using: SUBMISSION_USING },
  );
  const boxes = new Map<string, string>(
    responses[1]?.[1].list.map((mailbox: { role: string; id: string }) => [mailbox.role, mailbox.id]),
  );
  return {
    identityId: responses[0]?.[1].list[0].id,
    drafts: boxes.get('drafts') as string,
    sent: boxes.get('sent') as string,
  };
}

/** An Email/set create of a draft from Paul; `overrides` replace or add properties. */
export function draft(sender: Sender, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    mailboxIds: { [sender.drafts]: true },
    keywords: { $draft: true, $seen: true },
    from: [{ name: 'Paul Durand', email: 'paul@ac-test.fr' }],
    to: [{ name: 'Marie Curie', email: 'marie@ac-test.fr' }],
    cc: [{ name: null, email: 'parent@exemple.org' }],
    bcc: [{ name: null, email: 'direction@ac-test.fr' }],
    subject: 'Conseil de classe',
    textBody: [{ partId: 't', type: 'text/plain' }],
    bodyValues: { t: { value: 'Bonjour,\nle conseil est jeudi à 17 h.' } },
    ...overrides,
  };
}
