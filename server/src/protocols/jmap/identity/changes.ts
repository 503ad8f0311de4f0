// Identity/changes (RFC 8621 §6.2), from the change log like every mail type: identities made for a new alias,
// or gone with a removed one, are reported too.

import { defineMethod } from '../method-context.ts';
import { changesArguments } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';
import { SUBMISSION } from './identity-object.ts';

export const identityChanges = defineMethod({
  capability: SUBMISSION,
  schema: changesArguments,
  async run(args, context) {
    return await mailChangesResponse('Identity', args, context);
  },
});
