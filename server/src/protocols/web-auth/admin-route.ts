// How every admin endpoint runs: the caller must be an active session of an account holding at least one
// role (403 otherwise), and the work's DomainErrors become their answers (forbidden → 403, notFound → 404…).
// What the role allows is decided in the domain (admin-operations.ts → authorization.ts), not here.

import type { Context } from 'hono';
import type { Actor } from '#domain/identity';
import { domainRefusal, refusal } from './auth-reply.ts';
import { callerOf, type Caller } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

export type AdminWork = (c: Context, actor: Actor, caller: Caller) => Promise<Response>;

export function adminRoute(options: WebAuthOptions): (work: AdminWork) => (c: Context) => Promise<Response> {
  const { admin } = options;

  async function actorOf(
    c: Context,
  ): Promise<{ ok: true; actor: Actor; caller: Caller } | { ok: false; response: Response }> {
    const found = await callerOf(c, options);
    if (!found.ok) return found;
    const actor = await admin.actorOf(found.caller.account.id);
    if (actor === undefined || actor.roles.length === 0)
      return { ok: false, response: refusal(c, 403, 'forbidden') };
    return { ok: true, actor, caller: found.caller };
  }

  return (work) => async (c) => {
    const found = await actorOf(c);
    if (!found.ok) return found.response;
    try {
      return await work(c, found.actor, found.caller);
    } catch (error) {
      return domainRefusal(c, error);
    }
  };
}
