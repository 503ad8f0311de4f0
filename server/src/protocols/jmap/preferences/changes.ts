// Preferences/changes (urn:vercors:jmap): `singleton` is updated whenever the Preferences state moved past the
// client's (a change through Preferences/set, or of the account record's language or time zone elsewhere).

import { PREFERENCES_TYPE } from '#domain/preferences';
import { defineMethod } from '../method-context.ts';
import { changesArguments } from '../standard/arguments.ts';
import { changesResponse } from '../standard/changes.ts';
import { VERCORS } from './preferences-object.ts';

export const preferencesChanges = defineMethod({
  capability: VERCORS,
  schema: changesArguments,
  run: (args, context) =>
    changesResponse(PREFERENCES_TYPE, args, context, (accountId, since) =>
      context.services.preferences.changes({ accountId: context.principal.accountId }, accountId, since),
    ),
});
