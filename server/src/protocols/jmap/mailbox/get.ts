// Mailbox/get (RFC 8621 §2.1): every mailbox when `ids` is null. The state is read before the list, so a
// change that lands in between makes the client ask again, never miss it.

import { defineMethod } from '../method-context.ts';
import { getArguments, MAIL, pick, requireAccount, selectProperties } from '../standard/arguments.ts';
import { jmapMailbox, MAILBOX_PROPERTIES } from './mailbox-object.ts';

export const mailboxGet = defineMethod({
  capability: MAIL,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, MAILBOX_PROPERTIES);
    const { mail } = context.services;
    const state = await mail.state(accountId, 'Mailbox');
    const mailboxes = await mail.listMailboxes(accountId);
    const byId = new Map(mailboxes.map((mailbox) => [mailbox.id, mailbox]));
    const wanted = args.ids ?? mailboxes.map((mailbox) => mailbox.id);
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of new Set(wanted)) {
      const mailbox = byId.get(id);
      if (mailbox === undefined) notFound.push(id);
      else list.push(pick(jmapMailbox(mailbox) as unknown as Record<string, unknown>, properties));
    }
    return { accountId, state: String(state), list, notFound };
  },
});
