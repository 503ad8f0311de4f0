// Email/changes (RFC 8621 §4.3).

import { defineMethod } from '../method-context.ts';
import { changesArguments, MAIL } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';

export const emailChanges = defineMethod({
  capability: MAIL,
  schema: changesArguments,
  run: (args, context) => mailChangesResponse('Email', args, context),
});
