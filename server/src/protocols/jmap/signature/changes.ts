// Signature/changes (urn:vercors:jmap), from the change log like every type: signatures that went with their
// identity (destroyed, or an alias removed) are reported destroyed.

import { defineMethod } from '../method-context.ts';
import { changesArguments } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';
import { VERCORS } from './signature-object.ts';

export const signatureChanges = defineMethod({
  capability: VERCORS,
  schema: changesArguments,
  async run(args, context) {
    return await mailChangesResponse('Signature', args, context);
  },
});
