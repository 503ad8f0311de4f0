// Email/copy (RFC 8621 §4.7, RFC 8620 §5.4): copy emails from one account into another. The two accounts must
// differ (within one account an email joins more mailboxes with Email/set mailboxIds). A user has only their
// own account for now, so every call is refused (standard/copy.ts) once its arguments are checked in full.

import { z } from 'zod';
import { jmapId, MAIL } from '../standard/arguments.ts';
import { singleAccountCopy } from '../standard/copy.ts';

export const emailCopy = singleAccountCopy({
  capability: MAIL,
  create: z.strictObject({
    id: jmapId,
    mailboxIds: z.record(z.string().max(256), z.boolean()).optional(),
    keywords: z.record(z.string().max(256), z.boolean()).optional(),
    receivedAt: z.string().max(64).optional(),
  }),
  what: 'emails',
  withinAccount: 'use Email/set mailboxIds within an account',
});
