// The request envelope (RFC 8620 §3.3) checked before any method runs: JSON, the Request shape, known
// capabilities, the number of calls. Each refusal is one of the request-level problems of §3.6.1.
// Security: the body is untrusted; its size was bounded by the caller before it was read.

import { JMAP_REQUEST_ERRORS, type JmapProblem, type JmapRequest } from '@vercors/contract';
import { z } from 'zod';
import { JMAP_CORE_LIMITS, MAX_ID_LENGTH } from './jmap-limits.ts';

const invocation = z.tuple([
  z.string().min(1).max(MAX_ID_LENGTH),
  z.record(z.string(), z.unknown()),
  z.string().max(MAX_ID_LENGTH),
]);

const requestShape = z.object({
  using: z.array(z.string().max(MAX_ID_LENGTH)).max(64),
  methodCalls: z.array(invocation),
  createdIds: z.record(z.string().max(MAX_ID_LENGTH), z.string().max(MAX_ID_LENGTH)).optional(),
});

export type ParsedRequest = { ok: true; request: JmapRequest } | { ok: false; problem: JmapProblem };

export function parseRequest(body: string, supported: ReadonlySet<string>): ParsedRequest {
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch {
    return problem(JMAP_REQUEST_ERRORS.notJSON, 'The request body is not valid JSON.');
  }
  const shaped = requestShape.safeParse(json);
  if (!shaped.success)
    return problem(
      JMAP_REQUEST_ERRORS.notRequest,
      `The body is not a JMAP Request: ${z.prettifyError(shaped.error)}`,
    );
  const request = shaped.data;
  const unknown = request.using.filter((capability) => !supported.has(capability));
  if (unknown.length > 0)
    return problem(JMAP_REQUEST_ERRORS.unknownCapability, `Unknown capabilities: ${unknown.join(', ')}`);
  if (request.methodCalls.length > JMAP_CORE_LIMITS.maxCallsInRequest)
    return {
      ok: false,
      problem: {
        type: JMAP_REQUEST_ERRORS.limit,
        status: 400,
        detail: `At most ${JMAP_CORE_LIMITS.maxCallsInRequest} method calls per request.`,
        limit: 'maxCallsInRequest',
      },
    };
  return { ok: true, request };
}

function problem(type: string, detail: string): ParsedRequest {
  return { ok: false, problem: { type, status: 400, detail } };
}
