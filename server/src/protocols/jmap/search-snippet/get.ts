// SearchSnippet/get (RFC 8621 §5.1): for each email, its subject and a section of its body with the filter's
// full-text words marked (mark-matches.ts); null where nothing matches. Emails not in the account are notFound.

import { z } from 'zod';
import type { Email } from '#domain/mail';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { jmapId, MAIL, requireAccount } from '../standard/arguments.ts';
import { parseEmailFilter } from '../email/email-filter-arguments.ts';
import { markPreview, markSubject } from './mark-matches.ts';
import { readBodyText, SNIPPET_READ_BUDGET } from './snippet-body.ts';
import { snippetTerms } from './snippet-terms.ts';

const snippetArguments = z.strictObject({
  accountId: jmapId,
  filter: z.unknown().optional(),
  // Counted below: too many ids is requestTooLarge (RFC 8621 §5.1), not a malformed argument.
  emailIds: z.array(jmapId),
});

export const searchSnippetGet = defineMethod({
  capability: MAIL,
  schema: snippetArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    if (args.emailIds.length > JMAP_CORE_LIMITS.maxObjectsInGet)
      throw new MethodError(
        'requestTooLarge',
        `at most ${JMAP_CORE_LIMITS.maxObjectsInGet} emails per SearchSnippet/get`,
      );
    const terms = snippetTerms(parseEmailFilter(args.filter));
    const { mail } = context.services;
    const ids = [...new Set(args.emailIds)];
    const emails = await mail.getEmails(accountId, ids, []);
    const found = new Set(emails.map((email) => email.id));
    const budget = { bytes: SNIPPET_READ_BUDGET };

    const preview = async (email: Email): Promise<string | null> => {
      if (terms.body.length === 0) return null;
      const fromPreview = markPreview(email.preview, terms.body);
      if (fromPreview !== null) return fromPreview;
      // The stored preview is the body's start; a match further in needs the body itself.
      const body = await readBodyText(mail, accountId, email, budget);
      return body === undefined ? null : markPreview(body, terms.body);
    };
    const list = [];
    for (const email of emails) {
      list.push({
        emailId: email.id,
        subject: markSubject(email.subject, terms.subject),
        preview: await preview(email),
      });
    }
    const notFound = ids.filter((id) => !found.has(id));
    return { accountId, list, notFound: notFound.length > 0 ? notFound : null };
  },
});
