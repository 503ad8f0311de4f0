// EmailSubmission/changes (RFC 8621 §7.2), from the change log: a send, its cancellation, each delivery
// report from the queue and a destroyed record are changes.

import { defineMethod } from '../method-context.ts';
import { changesArguments } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';
import { SUBMISSION } from '../identity/identity-object.ts';

export const emailSubmissionChanges = defineMethod({
  capability: SUBMISSION,
  schema: changesArguments,
  async run(args, context) {
    return await mailChangesResponse('EmailSubmission', args, context);
  },
});
