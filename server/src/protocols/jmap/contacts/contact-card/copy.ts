// ContactCard/copy (RFC 9610 §3.7, RFC 8620 §5.4): copy cards from one account into another. The two accounts
// must differ (within one account a card is created again in the other book); a user has only their own
// account (shared accounts come with delegation), so every call is refused as Email/copy's is
// (standard/copy.ts).

import { z } from 'zod';
import { singleAccountCopy } from '../../standard/copy.ts';
import { CONTACTS } from '../contacts-changes.ts';

export const contactCardCopy = singleAccountCopy({
  capability: CONTACTS,
  create: z.record(z.string(), z.unknown()),
  what: 'cards',
  withinAccount: 'use ContactCard/set within an account',
});
