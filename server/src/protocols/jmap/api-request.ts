// One API request (RFC 8620 §3): the method calls in order, each with its back-references resolved against the
// responses so far, its arguments validated, and any failure turned into an error response for that call
// only. Creation ids given by the client are passed along and returned updated.

import type { Invocation, JmapRequest, JmapResponse } from '@vercors/contract';
import { z } from 'zod';
import type { Logger } from '#core/log';
import type { JmapPrincipal, JmapServices } from './method-context.ts';
import { MethodError, methodErrorFor } from './method-error.ts';
import { METHODS } from './method-table.ts';
import { resolveCreationReferences } from './creation-references.ts';
import { resolveReferences } from './result-reference.ts';

export interface ApiRequestContext {
  readonly principal: JmapPrincipal;
  readonly services: JmapServices;
  readonly log: Logger;
  readonly sessionState: string;
}

export async function runApiRequest(request: JmapRequest, context: ApiRequestContext): Promise<JmapResponse> {
  const using = new Set(request.using);
  const createdIds = new Map(Object.entries(request.createdIds ?? {}));
  const responses: Invocation[] = [];

  /** One call; `isImplicit` for a call a method asked for, which its own capability already covers. */
  const invoke = async (name: string, args: Record<string, unknown>, callId: string, isImplicit: boolean) => {
    const after: [string, Record<string, unknown>][] = [];
    try {
      const method = METHODS.get(name);
      if (method === undefined || (!isImplicit && !using.has(method.capability)))
        throw new MethodError(
          'unknownMethod',
          method === undefined ? `no method ${name}` : `${name} needs ${method.capability} in using`,
        );
      const parsed = method.schema.safeParse(
        isImplicit ? args : resolveCreationReferences(resolveReferences(args, responses), createdIds),
      );
      if (!parsed.success) throw new MethodError('invalidArguments', z.prettifyError(parsed.error));
      const result = await method.run(parsed.data, {
        principal: context.principal,
        services: context.services,
        log: context.log,
        createdIds,
        callId,
        callAfter: (next, nextArgs) => after.push([next, nextArgs]),
      });
      responses.push([name, result, callId]);
    } catch (error) {
      after.length = 0;
      const failure = methodErrorFor(error, context.log, {
        method: name,
        accountId: context.principal.accountId,
      });
      responses.push(['error', failure.toArguments(), callId]);
    }
    return after;
  };

  for (const [name, args, callId] of request.methodCalls) {
    const after = await invoke(name, args, callId, false);
    // Implicit calls ask for none of their own.
    for (const [next, nextArgs] of after) await invoke(next, nextArgs, callId, true);
  }
  return {
    methodResponses: responses,
    ...(request.createdIds === undefined ? {} : { createdIds: Object.fromEntries(createdIds) }),
    sessionState: context.sessionState,
  };
}
