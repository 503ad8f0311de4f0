// Thread/changes (RFC 8621 §3.2).

import { defineMethod } from '../method-context.ts';
import { changesArguments, MAIL } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';

export const threadChanges = defineMethod({
  capability: MAIL,
  schema: changesArguments,
  run: (args, context) => mailChangesResponse('Thread', args, context),
});
