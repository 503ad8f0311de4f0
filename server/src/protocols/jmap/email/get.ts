// Email/get (RFC 8621 §4.2): emails by id with the properties asked, header forms, body parts and body
// values. `ids` is required: "every email" of a mailbox of 100,000 is what Email/query and paging are for.

import { z } from 'zod';
import { DomainError } from '#core/errors';
import { MAX_ID_LENGTH } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { invalidArguments } from '../method-error.ts';
import { getArguments, MAIL, requireAccount, unsignedInt } from '../standard/arguments.ts';
import { type BodyValueOptions, newBodyValueBudget } from './body-values.ts';
import { type EmailRequest, jmapEmail, storedEmailSource } from './email-object.ts';
import { emailDetails, selectBodyProperties, selectEmailProperties } from './email-properties.ts';

/** The arguments Email/get and Email/parse share about body parts and values (RFC 8621 §4.2, §4.9). */
export const BODY_ARGUMENTS = {
  bodyProperties: z.array(z.string().max(MAX_ID_LENGTH)).max(256).nullable().optional(),
  fetchTextBodyValues: z.boolean().nullable().optional(),
  fetchHTMLBodyValues: z.boolean().nullable().optional(),
  fetchAllBodyValues: z.boolean().nullable().optional(),
  maxBodyValueBytes: unsignedInt.nullable().optional(),
};

const emailGetArguments = getArguments.extend(BODY_ARGUMENTS);

type BodyArguments = z.output<z.ZodObject<typeof BODY_ARGUMENTS>>;

/** What the body arguments ask of every email. */
export function bodyValueOptions(args: BodyArguments): BodyValueOptions {
  return {
    fetchTextBodyValues: args.fetchTextBodyValues ?? false,
    fetchHTMLBodyValues: args.fetchHTMLBodyValues ?? false,
    fetchAllBodyValues: args.fetchAllBodyValues ?? false,
    maxBodyValueBytes: args.maxBodyValueBytes ?? 0,
  };
}

export const emailGet = defineMethod({
  capability: MAIL,
  schema: emailGetArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    if (args.ids === null || args.ids === undefined) throw invalidArguments('Email/get needs ids');
    const request: EmailRequest = {
      properties: selectEmailProperties(args.properties),
      bodyProperties: selectBodyProperties(args.bodyProperties),
      bodyValues: bodyValueOptions(args),
    };
    const { mail } = context.services;
    // The state before the read: a change landing in between makes the client ask again, never miss it.
    const state = await mail.state(accountId, 'Email');
    const ids = [...new Set(args.ids)];
    const emails = await mail.getEmails(accountId, ids, emailDetails(request.properties));
    const byId = new Map(emails.map((email) => [email.id, email]));
    const budget = newBodyValueBudget();
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of ids) {
      const email = byId.get(id);
      if (email === undefined) {
        notFound.push(id);
        continue;
      }
      try {
        list.push(await jmapEmail(email, request, storedEmailSource(mail, accountId, email.id), budget));
      } catch (error) {
        // Destroyed between the row read and the message read: as if it had not been found.
        if (!(error instanceof DomainError && error.code === 'notFound')) throw error;
        notFound.push(id);
      }
    }
    return { accountId, state: String(state), list, notFound };
  },
});
