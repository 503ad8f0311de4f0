// VacationResponse/set (RFC 8621 §8.2): only an update of `singleton`; creating or destroying it is the
// `singleton` SetError. isEnabled, fromDate, toDate, subject, textBody and htmlBody may change; bounds and
// checks of the texts are the domain's.

import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import { VACATION_ID, type VacationChanges } from '#domain/vacation';
import { defineMethod } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { requireAccount } from '../standard/arguments.ts';
import {
  applySet,
  InvalidProperties,
  setArguments as standardSetArguments,
  startSet,
} from '../standard/set-arguments.ts';
import { jmapVacation, VACATION } from './vacation-object.ts';

const setArguments = z.strictObject(standardSetArguments);

const utcDate = z.iso.datetime({ offset: false }).nullable();
const text = z.string().nullable();
const FIELDS = {
  isEnabled: z.boolean(),
  fromDate: utcDate,
  toDate: utcDate,
  subject: text,
  textBody: text,
  htmlBody: text,
} as const;

class SingletonOnly extends Error {}

export const vacationResponseSet = defineMethod({
  capability: VACATION,
  schema: setArguments,
  async run(args, context) {
    const accountId = requireAccount(args.accountId, context);
    const { mail, vacation } = context.services;
    const oldState = await startSet(args, 'VacationResponse', accountId, context);
    const results = await applySet(args, {
      create: () => Promise.reject(new SingletonOnly('there is one vacation response: update singleton')),
      async update(id, patch) {
        if (id !== VACATION_ID)
          throw new DomainError('notFound', `no vacation response ${id}`, {
            details: { subject: 'vacation' },
          });
        const stored = jmapVacation(await vacation.updateVacation(accountId, changesOf(patch)));
        // What the server stored otherwise than sent (a subject put in NFC).
        const changed = Object.keys(patch)
          .filter((property) => Object.hasOwn(stored, property))
          .map((property) => [property, stored[property as keyof typeof stored]] as const)
          .filter(([property, value]) => value !== patch[property]);
        return changed.length > 0 ? Object.fromEntries(changed) : null;
      },
      destroy: () =>
        Promise.reject(new SingletonOnly('the vacation response cannot be destroyed: disable it')),
      refusal,
    });
    return {
      accountId,
      oldState,
      newState: String(await mail.state(accountId, 'VacationResponse')),
      ...results,
    };
  },
});

function refusal(error: unknown, input: Readonly<Record<string, unknown>>): JmapSetError {
  if (error instanceof SingletonOnly) return { type: 'singleton', description: error.message };
  if (error instanceof DomainError && error.code === 'notFound')
    return { type: 'notFound', description: error.message };
  if (error instanceof DomainError && typeof error.details.property === 'string')
    return { type: 'invalidProperties', description: error.message, properties: [error.details.property] };
  return setErrorFor(error, Object.keys(input));
}

/** The domain changes of a patch; every bad property is reported at once. */
function changesOf(patch: Readonly<Record<string, unknown>>): VacationChanges {
  const bad: string[] = [];
  const changes: Record<string, unknown> = {};
  for (const [property, value] of Object.entries(patch)) {
    if (property === 'id' && value === VACATION_ID) continue;
    const schema = Object.hasOwn(FIELDS, property) ? FIELDS[property as keyof typeof FIELDS] : undefined;
    const parsed = schema?.safeParse(value);
    if (parsed === undefined || !parsed.success) {
      bad.push(property);
      continue;
    }
    const isDate = property === 'fromDate' || property === 'toDate';
    changes[property] = isDate && typeof parsed.data === 'string' ? new Date(parsed.data) : parsed.data;
  }
  if (bad.length > 0) throw new InvalidProperties(bad, `cannot set ${bad.join(', ')}`);
  return changes as VacationChanges;
}
