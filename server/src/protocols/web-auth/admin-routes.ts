// The admin HTTP API (docs/access.md, "Admin API"): accounts, their access, roles, trusted networks and the
// audit log, for a signed-in active session (with its CSRF token for POSTs and DELETEs) of an account holding
// a role. Each operation is authorised in the domain (admin-operations.ts → authorization.ts) against what it
// touches; a refusal is 403 `forbidden`, an account the caller may not read is 404 `notFound`.

import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { AUDIT_EVENT_TYPES, type AuditEvent } from '#domain/audit';
import type { TrustedNetwork } from '#domain/identity';
import { adminRoute } from './admin-route.ts';
import { accountView, detailsView } from './admin-views.ts';
import { refusal } from './auth-reply.ts';
import { appPasswordView, sessionView } from './auth-views.ts';
import { readBody } from './request-body.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };
const REASON = z.object({ reason: z.string().min(1).max(500) });
const ROLE = z.object({ role: z.string().max(64), scope: z.string().max(16).nullable().optional() });
const NETWORK = z.object({
  cidr: z.string().max(64),
  establishment: z.string().max(16).nullable().optional(),
  label: z.string().max(512).optional(),
});

export function registerAdminRoutes(app: Hono, options: WebAuthOptions): void {
  const { admin } = options;

  const route = adminRoute(options);

  const address = (c: Context) => decodeURIComponent(c.req.param('address') ?? '');

  app.get(
    '/admin/accounts',
    route(async (c, actor) => {
      const page = await admin.listAccounts(actor, {
        text: c.req.query('text')?.slice(0, 200),
        establishmentUai: c.req.query('establishment')?.slice(0, 16),
        status: c.req.query('status')?.slice(0, 16),
        position: boundedInteger(c.req.query('position'), 0, 1_000_000),
        limit: boundedInteger(c.req.query('limit'), 1, 500),
      });
      return c.json({ total: page.total, accounts: page.accounts.map(accountView) }, 200, NO_STORE);
    }),
  );

  app.get(
    '/admin/accounts/:address',
    route(async (c, actor) => c.json(detailsView(await admin.findAccount(actor, address(c))), 200, NO_STORE)),
  );

  app.post(
    '/admin/accounts/:address/suspend',
    route(async (c, actor, caller) => {
      const body = await readBody(c, REASON);
      if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
      const account = await admin.suspendAccount(actor, address(c), body.value.reason, caller.remoteAddress);
      return c.json(accountView(account), 200, NO_STORE);
    }),
  );

  app.post(
    '/admin/accounts/:address/reactivate',
    route(async (c, actor, caller) =>
      c.json(
        accountView(await admin.reactivateAccount(actor, address(c), caller.remoteAddress)),
        200,
        NO_STORE,
      ),
    ),
  );

  for (const [path, change] of [
    ['grant', 'grantRole'],
    ['revoke', 'revokeRole'],
  ] as const) {
    app.post(
      `/admin/accounts/:address/roles/${path}`,
      route(async (c, actor, caller) => {
        const body = await readBody(c, ROLE);
        if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
        const account = await admin[change](
          actor,
          address(c),
          body.value.role,
          body.value.scope ?? null,
          caller.remoteAddress,
        );
        return c.json(detailsView(account), 200, NO_STORE);
      }),
    );
  }

  app.get(
    '/admin/accounts/:address/sessions',
    route(async (c, actor) => {
      const sessions = await admin.listSessions(actor, address(c));
      return c.json({ sessions: sessions.map((session) => sessionView(session)) }, 200, NO_STORE);
    }),
  );

  app.post(
    '/admin/accounts/:address/sessions/end',
    route(async (c, actor, caller) =>
      c.json({ ended: await admin.endSessions(actor, address(c), caller.remoteAddress) }, 200, NO_STORE),
    ),
  );

  app.get(
    '/admin/accounts/:address/app-passwords',
    route(async (c, actor) => {
      const list = await admin.listAppPasswords(actor, address(c));
      return c.json({ appPasswords: list.map(appPasswordView) }, 200, NO_STORE);
    }),
  );

  app.post(
    '/admin/accounts/:address/app-passwords/revoke',
    route(async (c, actor, caller) =>
      c.json(
        { revoked: await admin.revokeAppPasswords(actor, address(c), caller.remoteAddress) },
        200,
        NO_STORE,
      ),
    ),
  );

  app.get(
    '/admin/networks',
    route(async (c, actor) =>
      c.json({ networks: (await admin.listTrustedNetworks(actor)).map(networkView) }, 200, NO_STORE),
    ),
  );

  app.post(
    '/admin/networks',
    route(async (c, actor, caller) => {
      const body = await readBody(c, NETWORK);
      if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
      const network = await admin.addTrustedNetwork(
        actor,
        {
          cidr: body.value.cidr,
          establishmentUai: body.value.establishment ?? null,
          label: body.value.label,
        },
        caller.remoteAddress,
      );
      return c.json(networkView(network), 201, NO_STORE);
    }),
  );

  app.delete(
    '/admin/networks',
    route(async (c, actor, caller) => {
      const network = c.req.query('network') ?? '';
      if (network === '')
        return refusal(c, 400, 'badRequest', { detail: 'network: the id or CIDR to remove' });
      return c.json(
        networkView(await admin.removeTrustedNetwork(actor, network.slice(0, 64), caller.remoteAddress)),
        200,
        NO_STORE,
      );
    }),
  );

  app.get(
    '/admin/audit',
    route(async (c, actor) => {
      const types = c.req.queries('type') ?? [];
      const unknown = types.find((type) => !(AUDIT_EVENT_TYPES as readonly string[]).includes(type));
      if (unknown !== undefined)
        return refusal(c, 400, 'badRequest', { detail: `type ${unknown.slice(0, 64)}` });
      const account = c.req.query('account');
      const accountId =
        account === undefined
          ? undefined
          : account.includes('@')
            ? (await admin.findAccount(actor, account)).id
            : account;
      const events = await admin.listAuditEvents(actor, {
        accountId,
        types,
        since: dateQuery(c.req.query('since')),
        until: dateQuery(c.req.query('until')),
        after: boundedInteger(c.req.query('after'), 0, Number.MAX_SAFE_INTEGER),
        limit: boundedInteger(c.req.query('limit'), 1, 1000),
      });
      return c.json({ events: events.map(eventView) }, 200, NO_STORE);
    }),
  );
}

function boundedInteger(text: string | undefined, min: number, max: number): number | undefined {
  if (text === undefined || !/^\d{1,16}$/.test(text)) return undefined;
  return Math.min(Math.max(Number(text), min), max);
}

/** An ISO 8601 date or time; undefined when absent or unreadable. */
function dateQuery(text: string | undefined): number | undefined {
  if (text === undefined || text.length > 40) return undefined;
  const ms = Date.parse(text);
  return Number.isNaN(ms) ? undefined : ms;
}

function networkView(network: TrustedNetwork) {
  return {
    id: network.id,
    cidr: network.cidr,
    establishmentUai: network.establishmentUai,
    label: network.label,
    createdAt: network.createdAt.toISOString(),
  };
}

function eventView(event: AuditEvent) {
  return { ...event, at: new Date(event.at).toISOString() };
}
