// Mailbox/queryChanges (RFC 8620 §5.6): Mailbox/query says canCalculateChanges false, so every call is
// cannotCalculateChanges once its arguments are valid, and the client queries again.

import { z } from 'zod';
import { MAIL } from '../standard/arguments.ts';
import { recalculatedQueryChanges } from '../standard/query-changes.ts';

export const mailboxQueryChanges = recalculatedQueryChanges(MAIL, 'mailbox', {
  sortAsTree: z.boolean().optional(),
  filterAsTree: z.boolean().optional(),
});
