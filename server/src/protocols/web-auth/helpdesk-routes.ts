// The helpdesk's part of the admin HTTP API (docs/access.md, "Helpdesk recovery"): look a caller up, check the
// NUMEN they give, and issue an activation code once their identity is checked. Helpdesk staff have no shell,
// so this is their way in: a signed-in active session (with its CSRF token for POSTs) of an account holding
// the helpdesk or admin role. The identity domain checks the rules again for the account acted on (never a
// holder of a global role for the helpdesk, never one's own account) and audits every step.

import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { DomainError } from '#core/errors';
import type { Actor, HelpdeskAccount } from '#domain/identity';
import { domainRefusal, refusal } from './auth-reply.ts';
import { readBody } from './request-body.ts';
import { callerOf, type Caller } from './signed-in.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const NUMEN_CHECK = z.object({ numen: z.string().max(64) });
const ISSUE_CODE = z.object({
  numenChecked: z.boolean().optional(),
  professionalCardSeen: z.boolean().optional(),
});
const NO_STORE = { 'Cache-Control': 'no-store' };
/** The domain's refusals the helpdesk is told about by name (each has its message). */
const NAMED_REFUSALS = [
  'invalidNumen',
  'numenNotOnFile',
  'identityNotChecked',
  'numenNotChecked',
  'accountDisabled',
] as const;

export function registerHelpdeskRoutes(app: Hono, options: WebAuthOptions): void {
  const { identity } = options;

  /** The caller as an actor of the helpdesk: an active session of a helpdesk member or an admin. */
  async function helpdeskActor(
    c: Context,
  ): Promise<{ ok: true; actor: Actor; caller: Caller } | { ok: false; response: Response }> {
    const found = await callerOf(c, options);
    if (!found.ok) return found;
    const actor = await options.admin.actorOf(found.caller.account.id);
    if (
      actor === undefined ||
      !actor.roles.some((grant) => grant.role === 'helpdesk' || grant.role === 'admin')
    ) {
      return { ok: false, response: refusal(c, 403, 'forbidden') };
    }
    return { ok: true, actor, caller: found.caller };
  }

  app.get('/admin/helpdesk/accounts', async (c) => {
    const found = await helpdeskActor(c);
    if (!found.ok) return found.response;
    try {
      const looked = await identity.lookUpForHelpdesk(found.actor, c.req.query('email') ?? '');
      return c.json(helpdeskAccountView(looked), 200, NO_STORE);
    } catch (error) {
      return helpdeskRefusal(c, error);
    }
  });

  app.post('/admin/helpdesk/accounts/:id/numen-check', async (c) => {
    const found = await helpdeskActor(c);
    if (!found.ok) return found.response;
    const body = await readBody(c, NUMEN_CHECK);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    try {
      const isMatch = await identity.checkNumen(
        found.actor,
        c.req.param('id'),
        body.value.numen,
        found.caller.origin,
      );
      return c.json({ result: isMatch ? 'match' : 'mismatch' }, 200, NO_STORE);
    } catch (error) {
      return helpdeskRefusal(c, error);
    }
  });

  app.post('/admin/helpdesk/accounts/:id/activation-code', async (c) => {
    const found = await helpdeskActor(c);
    if (!found.ok) return found.response;
    const body = await readBody(c, ISSUE_CODE);
    if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
    try {
      const issued = await identity.issueActivationCode(
        found.actor,
        c.req.param('id'),
        {
          numenChecked: body.value.numenChecked ?? false,
          professionalCardSeen: body.value.professionalCardSeen ?? false,
        },
        found.caller.origin,
      );
      return c.json(
        { email: issued.email, code: issued.code, expiresAt: issued.expiresAt.toISOString() },
        201,
        NO_STORE,
      );
    } catch (error) {
      return helpdeskRefusal(c, error);
    }
  });
}

function helpdeskRefusal(c: Context, error: unknown) {
  if (error instanceof DomainError) {
    const reason = error.details.reason;
    if (error.code === 'forbidden') return refusal(c, 403, 'forbidden');
    if (error.code === 'limit' && reason === 'numenCheckLocked')
      return refusal(c, 429, 'numenCheckLocked', {}, { 'Retry-After': '3600' });
    const named = NAMED_REFUSALS.find((name) => name === reason);
    if (error.code === 'invalid' && named !== undefined) return refusal(c, 400, named);
  }
  return domainRefusal(c, error);
}

function helpdeskAccountView(looked: HelpdeskAccount) {
  const { account } = looked;
  const date = (value: Date | null) => value?.toISOString() ?? null;
  return {
    account: {
      id: account.id,
      email: account.email,
      aliases: account.aliases,
      kind: account.kind,
      displayName: account.displayName,
      givenName: account.givenName,
      familyName: account.familyName,
      status: account.status,
      statusReason: account.statusReason,
      statusChangedAt: date(account.statusChangedAt),
      establishmentUai: account.establishmentUai,
      profileCategory: account.profileCategory,
      roles: account.roles,
      hasPassword: account.hasPassword,
      passwordChangedAt: date(account.passwordChangedAt),
      lastActivityAt: date(account.lastActivityAt),
    },
    hasNumen: looked.hasNumen,
    hasSecondFactor: looked.hasSecondFactor,
    pendingActivation:
      looked.pendingActivation === null
        ? null
        : {
            issuedAt: looked.pendingActivation.issuedAt.toISOString(),
            expiresAt: looked.pendingActivation.expiresAt.toISOString(),
            issuedBy: looked.pendingActivation.issuedBy,
          },
    canRecover: looked.canRecover,
  };
}
