// Spelling/check (urn:vercors:jmap, docs/jmap.md): the French misspellings of a text the composer sends (the
// paragraphs that changed), with UTF-16 offsets and up to five suggestions each. The work happens on the
// process's spelling thread (domain/spelling): while its dictionary loads, the answer is `loading: true` at
// once and the client asks again. Every signed-in user may check: the text is neither stored nor logged.

import { JMAP_CAPABILITIES, type SpellingCheckResponse } from '@vercors/contract';
import { z } from 'zod';
import { SPELLING_LIMITS } from '#domain/spelling';
import { defineMethod } from '../method-context.ts';
import { jmapId, requireAccount } from '../standard/arguments.ts';

const checkArguments = z.strictObject({
  accountId: jmapId,
  // The length bound is the domain's (tooBig → requestTooLarge); the request's own size bounds this string.
  text: z.string(),
  language: z.enum(SPELLING_LIMITS.languages).optional(),
});

export const spellingCheck = defineMethod({
  capability: JMAP_CAPABILITIES.vercors,
  schema: checkArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const outcome = await context.services.spelling.check(args.text);
    const response: SpellingCheckResponse = outcome.isLoading
      ? { accountId, loading: true, misspelled: [], isComplete: false }
      : { accountId, loading: false, misspelled: outcome.misspelled, isComplete: outcome.isComplete };
    return { ...response };
  },
});
