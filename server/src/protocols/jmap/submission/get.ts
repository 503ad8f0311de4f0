// EmailSubmission/get (RFC 8621 §7.1): the account's submission records, every one (bounded) when `ids` is null.

import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import { defineMethod } from '../method-context.ts';
import { MethodError } from '../method-error.ts';
import { getArguments, pick, requireAccount, selectProperties } from '../standard/arguments.ts';
import { SUBMISSION } from '../identity/identity-object.ts';
import { jmapSubmission, SUBMISSION_PROPERTIES } from './submission-object.ts';

export const emailSubmissionGet = defineMethod({
  capability: SUBMISSION,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, SUBMISSION_PROPERTIES);
    const { mail, submission } = context.services;
    // The state first: a change committed between the two reads shows up again at the next /changes.
    const state = await mail.state(accountId, 'EmailSubmission');
    const wanted = args.ids === null || args.ids === undefined ? null : [...new Set(args.ids)];
    const found = await submission.getSubmissions(accountId, wanted);
    if (wanted === null && found.length > JMAP_CORE_LIMITS.maxObjectsInGet)
      throw new MethodError('requestTooLarge', `more than ${JMAP_CORE_LIMITS.maxObjectsInGet}: ask by ids`);
    const byId = new Map(found.map((record) => [record.id, record]));
    const list: Record<string, unknown>[] = [];
    const notFound: string[] = [];
    for (const id of wanted ?? found.map((record) => record.id)) {
      const record = byId.get(id);
      if (record === undefined) notFound.push(id);
      else list.push(pick(jmapSubmission(record) as unknown as Record<string, unknown>, properties));
    }
    return { accountId, state: String(state), list, notFound };
  },
});
