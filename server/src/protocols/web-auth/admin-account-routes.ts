// The admin API's account and domain management (docs/access.md, "Admin API"): create an account in an
// establishment one administers, change its fields, delete it (admins only), and the served domains (admins
// only). Every change is audited by the domain with the caller as actor.

import type { Context, Hono } from 'hono';
import { z } from 'zod';
import { adminRoute } from './admin-route.ts';
import { detailsView, domainView } from './admin-views.ts';
import { refusal } from './auth-reply.ts';
import { readBody } from './request-body.ts';
import type { WebAuthOptions } from './web-auth-context.ts';

const NO_STORE = { 'Cache-Control': 'no-store' };
const text = (max: number) => z.string().max(max);
const quota = z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).nullable();

/** The editable fields; the domain checks each value (names, locale, time zone, category, establishment). */
const ACCOUNT_FIELDS = {
  displayName: text(256),
  givenName: text(128),
  familyName: text(128),
  locale: text(8),
  timeZone: text(64),
  profileCategory: text(64),
  establishmentUai: text(16).nullable(),
  quotaBytes: quota,
  quotaMessages: quota,
};
const NEW_ACCOUNT = z
  .object({
    email: text(320),
    kind: text(32).optional(),
    aliases: z.array(text(320)).max(20).optional(),
    ...ACCOUNT_FIELDS,
  })
  .partial({ givenName: true, familyName: true, locale: true, timeZone: true, profileCategory: true })
  .partial({ establishmentUai: true, quotaBytes: true, quotaMessages: true })
  .strict();
const ACCOUNT_CHANGES = z.object(ACCOUNT_FIELDS).partial().strict();
const DOMAIN = z.object({ name: text(253) }).strict();

export function registerAdminAccountRoutes(app: Hono, options: WebAuthOptions): void {
  const { admin } = options;
  const route = adminRoute(options);
  const address = (c: Context) => decodeURIComponent(c.req.param('address') ?? '');

  app.post(
    '/admin/accounts',
    route(async (c, actor, caller) => {
      const body = await readBody(c, NEW_ACCOUNT);
      if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
      const account = await admin.createAccount(actor, body.value, caller.remoteAddress);
      return c.json(detailsView(account), 201, NO_STORE);
    }),
  );

  app.patch(
    '/admin/accounts/:address',
    route(async (c, actor, caller) => {
      const body = await readBody(c, ACCOUNT_CHANGES);
      if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
      if (Object.keys(body.value).length === 0)
        return refusal(c, 400, 'badRequest', { detail: 'no field to change' });
      const account = await admin.updateAccount(actor, address(c), body.value, caller.remoteAddress);
      return c.json(detailsView(account), 200, NO_STORE);
    }),
  );

  app.delete(
    '/admin/accounts/:address',
    route(async (c, actor, caller) => {
      await admin.deleteAccount(actor, address(c), caller.remoteAddress);
      return c.body(null, 204, NO_STORE);
    }),
  );

  app.get(
    '/admin/domains',
    route(async (c, actor) =>
      c.json({ domains: (await admin.listDomains(actor)).map(domainView) }, 200, NO_STORE),
    ),
  );

  app.post(
    '/admin/domains',
    route(async (c, actor, caller) => {
      const body = await readBody(c, DOMAIN);
      if (!body.ok) return refusal(c, 400, 'badRequest', { detail: body.detail });
      const domain = await admin.addDomain(actor, body.value.name, caller.remoteAddress);
      return c.json(domainView(domain), 201, NO_STORE);
    }),
  );

  app.delete(
    '/admin/domains/:name',
    route(async (c, actor, caller) => {
      await admin.removeDomain(actor, decodeURIComponent(c.req.param('name') ?? ''), caller.remoteAddress);
      return c.body(null, 204, NO_STORE);
    }),
  );
}
