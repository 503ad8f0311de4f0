// VacationResponse/get (RFC 8621 §8.1): the account's one response, id `singleton` (listed when `ids` is
// null); any other id is notFound.

import { VACATION_ID } from '#domain/vacation';
import { defineMethod } from '../method-context.ts';
import { getArguments, pick, requireAccount, selectProperties } from '../standard/arguments.ts';
import { jmapVacation, VACATION, VACATION_PROPERTIES } from './vacation-object.ts';

export const vacationResponseGet = defineMethod({
  capability: VACATION,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, VACATION_PROPERTIES);
    const { mail, vacation } = context.services;
    const state = await mail.state(accountId, 'VacationResponse');
    const wanted = [...new Set(args.ids ?? [VACATION_ID])];
    const response = wanted.includes(VACATION_ID) ? await vacation.getVacation(accountId) : undefined;
    return {
      accountId,
      state: String(state),
      list:
        response === undefined
          ? []
          : [pick(jmapVacation(response) as unknown as Record<string, unknown>, properties)],
      notFound: wanted.filter((id) => id !== VACATION_ID),
    };
  },
});
