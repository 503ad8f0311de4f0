// Preferences/set (urn:vercors:jmap): only an update of `singleton`; creating or destroying it is the
// `singleton` SetError, as for VacationResponse. Each property is replaced whole (a path into one is
// invalidPatch); its JSON type is checked here, its value by the domain, and every bad property is
// invalidProperties naming it. The response tells back what was stored otherwise than sent.

import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { PREFERENCES_ID, PREFERENCES_TYPE } from '#domain/preferences';
import { defineMethod } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { requireAccount } from '../standard/arguments.ts';
import { applySet, setArguments, startSetFrom } from '../standard/set-arguments.ts';
import { notAsSent, parseFields } from '../standard/set-fields.ts';
import { jmapPreferences, VERCORS } from './preferences-object.ts';

/** Types only: the domain checks the choices, the range and the senders. */
const FIELDS = {
  locale: z.string(),
  timeZone: z.string(),
  readReceipts: z.string(),
  requestReadReceipts: z.boolean(),
  undoSendSeconds: z.number(),
  conversationView: z.boolean(),
  remoteImagesFrom: z.array(z.string()),
  composeFormat: z.string(),
} as const;

class SingletonOnly extends Error {}

export const preferencesSet = defineMethod({
  capability: VERCORS,
  schema: z.strictObject(setArguments),
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { preferences } = context.services;
    const actor = { accountId: context.principal.accountId };
    const readState = async () => String(await preferences.state(actor, accountId));
    const oldState = await startSetFrom(args, PREFERENCES_TYPE, readState);
    const results = await applySet(args, {
      create: () => Promise.reject(new SingletonOnly('there is one Preferences object: update singleton')),
      async update(id, patch) {
        if (id !== PREFERENCES_ID)
          throw new DomainError('notFound', `no preferences ${id}`, { details: { subject: 'preferences' } });
        const fields = parseFields(patch, FIELDS, { isUpdate: true, unchanged: { id: PREFERENCES_ID } });
        const stored = jmapPreferences(await preferences.updatePreferences(actor, accountId, fields));
        const changed = notAsSent(stored, patch, false);
        return Object.keys(changed).length > 0 ? changed : null;
      },
      destroy: () => Promise.reject(new SingletonOnly('the Preferences object cannot be destroyed')),
      refusal,
    });
    return { accountId, oldState, newState: await readState(), ...results };
  },
});

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof SingletonOnly) return { type: 'singleton', description: error.message };
  if (error instanceof DomainError) {
    const { properties } = error.details;
    if (error.code === 'notFound') return { type: 'notFound', description: error.message };
    if (typeof properties === 'string')
      return { type: 'invalidProperties', description: error.message, properties: properties.split(',') };
  }
  return setErrorFor(error, Object.keys(input));
}
