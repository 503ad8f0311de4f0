// JMAP Preferences and the web login on one HTTP stack, as the runtime mounts them (protocols never import each
// other, so the cross-protocol check lives here): the language and time zone set through Preferences/set are
// the account's, as GET /auth/session shows them to the web app.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { WEB_SESSION_COOKIE } from '#domain/identity';
import { openHttpStack } from './http-stack.fixture.ts';
import { mountJmap } from './jmap-routes.ts';
import { mountWebAuth } from './web-auth-routes.ts';

const USER = { email: 'lea@ac-test.fr', password: 'Riviere-Clavier-Orage-31' };

test('Preferences/set changes the language and time zone GET /auth/session reports', async (t) => {
  const { services, base } = await openHttpStack(t, [mountWebAuth, mountJmap]);
  await services.identity.addDomain('ac-test.fr');
  const account = await services.identity.createAccount({ ...USER, displayName: 'Léa Martin' });
  // Her school's network: a password alone signs in there.
  await services.identity.addTrustedNetwork({ cidr: '127.0.0.1/32', label: 'Lycée de test' }, {});

  const login = await fetch(`${base}/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(USER),
  });
  assert.equal(login.status, 200, await login.clone().text());
  const token = new RegExp(`^${WEB_SESSION_COOKIE}=([^;]*)`).exec(login.headers.get('set-cookie') ?? '')?.[1];
  assert.ok(token);
  const session = async () => {
    const response = await fetch(`${base}/auth/session`, {
      headers: { cookie: `${WEB_SESSION_COOKIE}=${token}` },
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { account: { locale: string; timeZone: string } };
    return [body.account.locale, body.account.timeZone];
  };
  assert.deepEqual(await session(), ['fr', 'Europe/Paris']);

  const response = await fetch(`${base}/jmap/api`, {
    method: 'POST',
    headers: {
      authorization: `Basic ${Buffer.from(`${USER.email}:${USER.password}`).toString('base64')}`,
      'content-type': 'application/json',
    },
    body: JSON.stringify({
      using: [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.vercors],
      methodCalls: [
        [
          'Preferences/set',
          { accountId: account.id, update: { singleton: { locale: 'en', timeZone: 'Pacific/Noumea' } } },
          's',
        ],
      ],
    }),
  });
  const body = (await response.json()) as { methodResponses: [string, { updated: unknown }, string][] };
  assert.deepEqual(body.methodResponses[0]?.[1].updated, { singleton: null });
  assert.deepEqual(await session(), ['en', 'Pacific/Noumea']);
});
