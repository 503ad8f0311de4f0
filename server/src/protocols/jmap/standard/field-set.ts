// Foo/set (RFC 8620 §5.3) for the types whose properties are each replaced whole and checked by the domain
// (Signature, ReplyTemplate): create, update and destroy, each object on its own; the properties parsed by
// their schemas (set-fields.ts); the response tells what the client did not send or the server stored
// otherwise; a refused property is invalidProperties naming it, the bound on how many the account holds
// overQuota.

import { z } from 'zod';
import type { JmapSetError } from '@vercors/contract';
import { DomainError } from '#core/errors';
import type { MailType } from '#domain/mail';
import { defineMethod, type MethodContext, type MethodDefinition } from '../method-context.ts';
import { setErrorFor } from '../method-error.ts';
import { requireAccount } from './arguments.ts';
import { applySet, setArguments, startSet } from './set-arguments.ts';
import { type FieldSchemas, notAsSent, type ParsedFields, parseFields } from './set-fields.ts';

export interface FieldSetSpec<Schemas extends FieldSchemas, Stored> {
  readonly capability: string;
  readonly type: MailType;
  readonly fields: Schemas;
  /** The DomainError reason of the bound on how many objects the account holds: overQuota. */
  readonly tooManyReason: string;
  /** The JMAP object of what the domain stored. */
  readonly show: (stored: Stored) => { readonly id: string };
  create(accountId: string, fields: ParsedFields<Schemas>, context: MethodContext): Promise<Stored>;
  update(
    accountId: string,
    id: string,
    fields: ParsedFields<Schemas>,
    context: MethodContext,
  ): Promise<Stored>;
  destroy(accountId: string, id: string, context: MethodContext): Promise<void>;
}

export function fieldSetMethod<Schemas extends FieldSchemas, Stored>(
  spec: FieldSetSpec<Schemas, Stored>,
): MethodDefinition {
  return defineMethod({
    capability: spec.capability,
    schema: z.strictObject(setArguments),
    async run(args, context) {
      const accountId = requireAccount(args.accountId, context);
      const oldState = await startSet(args, spec.type, accountId, context);
      const results = await applySet(args, {
        async create(creationId, input) {
          const shown = spec.show(await spec.create(accountId, parseFields(input, spec.fields, {}), context));
          context.createdIds.set(creationId, shown.id);
          return notAsSent(shown, input, true);
        },
        async update(id, patch) {
          const fields = parseFields(patch, spec.fields, { isUpdate: true, unchanged: { id } });
          const changed = notAsSent(
            spec.show(await spec.update(accountId, id, fields, context)),
            patch,
            false,
          );
          return Object.keys(changed).length > 0 ? changed : null;
        },
        destroy: (id) => spec.destroy(accountId, id, context),
        refusal: (error, input) => refusal(error, input, spec.tooManyReason),
      });
      const newState = String(await context.services.mail.state(accountId, spec.type));
      return { accountId, oldState, newState, ...results };
    },
  });
}

function refusal(
  error: unknown,
  input: Readonly<Record<string, unknown>>,
  tooManyReason: string,
): JmapSetError {
  if (error instanceof DomainError) {
    const { reason, property } = error.details;
    if (reason === tooManyReason) return { type: 'overQuota', description: error.message };
    if (typeof property === 'string')
      return { type: 'invalidProperties', description: error.message, properties: [property] };
  }
  return setErrorFor(error, Object.keys(input));
}
