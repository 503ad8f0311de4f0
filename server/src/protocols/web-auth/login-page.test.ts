// The server-rendered login over real HTTP: forms without JavaScript, the same network rule as the JSON
// endpoints, escaping, the page's CSP, cross-site posts refused, and the second step with a code.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Secret, TOTP } from 'otpauth';
import { enrolTotpFor } from '../../test-support/totp-enrolment.ts';
import { openWebAuthFixture, PAUL, TRUSTED, UNTRUSTED } from './web-auth.fixture.ts';

const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

test('the page logs in from a trusted network and redirects to the web app', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const page = await fixture.call('/login', { from: TRUSTED });
  assert.equal(page.status, 200);
  assert.match(page.text, /<form method="post" action="\/login">/);
  assert.match(page.text, /<html lang="fr">/);
  assert.match(
    String(page.headers['content-security-policy']),
    /^default-src 'none'; style-src 'sha256-[^']+'; form-action 'self'/,
  );
  // Not no-referrer: under it browsers post these forms with `Origin: null` (found by the browser test).
  assert.equal(page.headers['referrer-policy'], 'same-origin');
  const posted = await fixture.call('/login', {
    raw: form({ email: PAUL.email, password: PAUL.password, sharedComputer: '1' }),
    headers: FORM,
    from: TRUSTED,
  });
  assert.equal(posted.status, 303);
  assert.equal(posted.headers.location, '/');
  assert.ok(posted.setToken);
  const signedIn = await fixture.call('/login', { token: posted.setToken, from: TRUSTED });
  assert.match(signedIn.text, /connecté·e en tant que paul@ac-test\.fr/);
  // Logging out needs the form's CSRF token.
  const csrf = /name="csrfToken" value="([^"]+)"/.exec(signedIn.text)?.[1] ?? '';
  const forged = await fixture.call('/logout', {
    raw: form({ csrfToken: 'x' }),
    headers: FORM,
    token: posted.setToken,
  });
  assert.equal(forged.status, 303);
  assert.equal(
    (await fixture.call('/auth/session', { token: posted.setToken })).status,
    200,
    'still signed in',
  );
  const out = await fixture.call('/logout', {
    raw: form({ csrfToken: csrf }),
    headers: FORM,
    token: posted.setToken,
  });
  assert.equal(out.status, 200);
  assert.equal(out.setToken, '');
  assert.equal((await fixture.call('/auth/session', { token: posted.setToken })).status, 401);
});

test('wrong passwords re-show the form with the message, escaped; cross-site posts are refused', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const wrong = await fixture.call('/login', {
    raw: form({ email: '"><script>alert(1)</script>@ac-test.fr', password: 'nope-nope-nope' }),
    headers: { ...FORM, 'accept-language': 'en' },
  });
  assert.equal(wrong.status, 401);
  assert.match(wrong.text, /Wrong address or password/);
  assert.doesNotMatch(wrong.text, /<script>/);
  assert.match(wrong.text, /value="&#34;&#62;&#60;script&#62;/);
  const crossSite = await fixture.call('/login', {
    raw: form({ email: PAUL.email, password: PAUL.password }),
    headers: { ...FORM, origin: 'https://evil.example' },
    from: TRUSTED,
  });
  assert.equal(crossSite.status, 403);
  assert.equal(crossSite.setToken, undefined);
  // An opaque origin is this site's only when the browser's Fetch Metadata says so.
  const opaque = (site: string) =>
    fixture.call('/login', {
      raw: form({ email: PAUL.email, password: PAUL.password }),
      headers: { ...FORM, origin: 'null', 'sec-fetch-site': site },
      from: TRUSTED,
    });
  assert.equal((await opaque('cross-site')).status, 403);
  assert.equal((await opaque('same-site')).status, 403, 'a sibling subdomain is not this site');
  assert.equal((await opaque('same-origin')).status, 303);
});

test('from home with an authenticator app: the code page, a wrong code, then the right one', async (t) => {
  const fixture = await openWebAuthFixture(t);
  const secret = await enrolTotpFor(fixture.services.identity, fixture.clock, PAUL);
  fixture.clock.advance(60_000);
  const posted = await fixture.call('/login', {
    raw: form({ email: PAUL.email, password: PAUL.password }),
    headers: FORM,
    from: UNTRUSTED,
  });
  assert.equal(posted.status, 303);
  assert.equal(posted.headers.location, '/login/second-factor');
  const token = posted.setToken ?? '';
  const codePage = await fixture.call('/login/second-factor', { token });
  const csrf = /name="csrfToken" value="([^"]+)"/.exec(codePage.text)?.[1] ?? '';
  assert.ok(csrf);
  const wrong = await fixture.call('/login/second-factor', {
    raw: form({ csrfToken: csrf, code: '000000' }),
    headers: FORM,
    token,
  });
  assert.equal(wrong.status, 401);
  assert.match(wrong.text, /Code incorrect/);
  const code = TOTP.generate({ secret: Secret.fromBase32(secret), timestamp: fixture.clock.nowMs() });
  const right = await fixture.call('/login/second-factor', {
    raw: form({ csrfToken: csrf, code }),
    headers: FORM,
    token,
  });
  assert.equal(right.status, 303);
  assert.equal(right.headers.location, '/');
  assert.ok(right.setToken && right.setToken !== token);
  assert.equal(
    (await fixture.call('/auth/session', { token: right.setToken })).body.session.secondFactor,
    'totp',
  );
});
