// Preferences/get (urn:vercors:jmap): the account's one Preferences object, id `singleton` (listed when `ids` is
// null), every property always present; any other id is notFound. The state is read before the object.

import { PREFERENCES_ID } from '#domain/preferences';
import { defineMethod } from '../method-context.ts';
import { getArguments, pick, requireAccount, selectProperties } from '../standard/arguments.ts';
import { JMAP_PREFERENCES_PROPERTIES, jmapPreferences, VERCORS } from './preferences-object.ts';

export const preferencesGet = defineMethod({
  capability: VERCORS,
  schema: getArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const properties = selectProperties(args.properties, JMAP_PREFERENCES_PROPERTIES);
    const { preferences } = context.services;
    const actor = { accountId: context.principal.accountId };
    const state = await preferences.state(actor, accountId);
    const wanted = [...new Set(args.ids ?? [PREFERENCES_ID])];
    const found = wanted.includes(PREFERENCES_ID)
      ? await preferences.getPreferences(actor, accountId)
      : undefined;
    return {
      accountId,
      state: String(state),
      list: found === undefined ? [] : [pick({ ...jmapPreferences(found) }, properties)],
      notFound: wanted.filter((id) => id !== PREFERENCES_ID),
    };
  },
});
