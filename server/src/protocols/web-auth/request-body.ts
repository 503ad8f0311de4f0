// Request bodies: JSON only (a cross-site HTML form cannot send it without a CORS preflight we never grant),
// at most 64 KiB, checked against a schema before any work.

import type { Context } from 'hono';
import type { z } from 'zod';

export const MAX_AUTH_BODY_BYTES = 64 * 1024;

export type BodyResult<T> =
  | { readonly ok: true; readonly value: T }
  | { readonly ok: false; readonly detail: string };

export async function readBody<S extends z.ZodType>(c: Context, schema: S): Promise<BodyResult<z.infer<S>>> {
  const type = c.req.header('content-type') ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    return { ok: false, detail: 'Content-Type: application/json' };
  const text = await c.req.text();
  if (Buffer.byteLength(text) > MAX_AUTH_BODY_BYTES) return { ok: false, detail: 'body too large' };
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return { ok: false, detail: 'not JSON' };
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return {
      ok: false,
      detail: issue ? `${issue.path.join('.') || 'body'}: ${issue.message}` : 'invalid body',
    };
  }
  return { ok: true, value: parsed.data };
}
