// Mailbox/changes (RFC 8621 §2.2). updatedProperties is null: the log does not say which properties moved.

import { defineMethod } from '../method-context.ts';
import { changesArguments, MAIL } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';

export const mailboxChanges = defineMethod({
  capability: MAIL,
  schema: changesArguments,
  async run(args, context) {
    return { ...(await mailChangesResponse('Mailbox', args, context)), updatedProperties: null };
  },
});
