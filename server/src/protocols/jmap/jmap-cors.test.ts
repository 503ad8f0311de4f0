// CORS on the JMAP endpoints (`jmap.cors-origins`): a listed site's pages may call the API from a browser
// (preflight answered before authentication, the origin echoed), any other site gets no CORS header and the
// browser keeps the answer from its page.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { MAIL_USING, openJmapFixture } from './jmap.fixture.ts';

const ALLOWED = 'https://webmail.ac-test.fr';

test('a listed origin gets its preflight and its answers; another origin gets neither', async (t) => {
  const fixture = await openJmapFixture(t, {
    env: { VERCORS_JMAP_CORS_ORIGINS: `${ALLOWED}, https://ent.ac-test.fr` },
  });
  const preflight = (origin: string) =>
    fetch(`${fixture.base}/jmap/api`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
  const allowed = await preflight(ALLOWED);
  assert.equal(allowed.status, 204);
  assert.equal(allowed.headers.get('access-control-allow-origin'), ALLOWED);
  assert.match(allowed.headers.get('access-control-allow-headers') ?? '', /Authorization/);
  assert.match(allowed.headers.get('access-control-allow-methods') ?? '', /POST/);
  assert.equal(allowed.headers.get('access-control-allow-credentials'), null);

  const foreign = await preflight('https://evil.example');
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);

  const call = (origin: string) =>
    fetch(`${fixture.base}/jmap/api`, {
      method: 'POST',
      headers: { origin, authorization: fixture.authorization('paul'), 'content-type': 'application/json' },
      body: JSON.stringify({ using: MAIL_USING, methodCalls: [['Core/echo', {}, 'e']] }),
    });
  const answered = await call(ALLOWED);
  assert.equal(answered.status, 200);
  assert.equal(answered.headers.get('access-control-allow-origin'), ALLOWED);
  assert.match(answered.headers.get('vary') ?? '', /Origin/i);
  const hidden = await call('https://evil.example');
  assert.equal(hidden.headers.get('access-control-allow-origin'), null);
  assert.match(hidden.headers.get('vary') ?? '', /Origin/i, 'the answer depends on the Origin');
});

test('without jmap.cors-origins no other site is allowed', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/.well-known/jmap`, {
    headers: { origin: ALLOWED, authorization: fixture.authorization('paul') },
  });
  assert.equal(response.status, 200);
  assert.equal(response.headers.get('access-control-allow-origin'), null);
});
