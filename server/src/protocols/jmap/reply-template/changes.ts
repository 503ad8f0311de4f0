// ReplyTemplate/changes (urn:vercors:jmap), from the change log like every type.

import { defineMethod } from '../method-context.ts';
import { changesArguments } from '../standard/arguments.ts';
import { mailChangesResponse } from '../standard/changes.ts';
import { VERCORS } from './reply-template-object.ts';

export const replyTemplateChanges = defineMethod({
  capability: VERCORS,
  schema: changesArguments,
  async run(args, context) {
    return await mailChangesResponse('ReplyTemplate', args, context);
  },
});
