// Thread/get (RFC 8621 §3.1): a thread's emails, oldest first. `ids` is required: there is no "every thread".

import { defineMethod } from '../method-context.ts';
import { invalidArguments } from '../method-error.ts';
import { getArguments, MAIL, pick, requireAccount, selectProperties } from '../standard/arguments.ts';

const THREAD_PROPERTIES = ['id', 'emailIds'] as const;

export const threadGet = defineMethod({
  capability: MAIL,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    if (args.ids === null || args.ids === undefined) throw invalidArguments('Thread/get needs ids');
    const properties = selectProperties(args.properties, THREAD_PROPERTIES);
    const { mail } = context.services;
    const state = await mail.state(accountId, 'Thread');
    const ids = [...new Set(args.ids)];
    const threads = new Map((await mail.getThreads(accountId, ids)).map((thread) => [thread.id, thread]));
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of ids) {
      const thread = threads.get(id);
      if (thread === undefined) notFound.push(id);
      else list.push(pick({ id: thread.id, emailIds: thread.emailIds }, properties));
    }
    return { accountId, state: String(state), list, notFound };
  },
});
