// JMAP Contacts and CardDAV on one HTTP stack, as the runtime mounts them (protocols never import each other,
// so the cross-protocol check lives here): a card a phone PUTs over CardDAV shows in ContactCard/changes and
// /get, and a card made by ContactCard/set shows in the CardDAV sync-collection of its book, with its ETag.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { mountDav } from './dav-routes.ts';
import { openHttpStack } from './http-stack.fixture.ts';
import { mountJmap } from './jmap-routes.ts';

const USER = { email: 'lea@ac-test.fr', password: 'Riviere-Clavier-Orage-31' };
const USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.contacts];

test('a CardDAV PUT shows in ContactCard/changes, a ContactCard/set in the sync-collection', async (t) => {
  const { services, base } = await openHttpStack(t, [mountDav, mountJmap]);
  await services.identity.addDomain('ac-test.fr');
  const account = await services.identity.createAccount({ ...USER, displayName: 'Léa Martin' });
  const authorization = `Basic ${Buffer.from(`${USER.email}:${USER.password}`).toString('base64')}`;
  const jmap = async (name: string, args: Record<string, unknown>) => {
    const response = await fetch(`${base}/jmap/api`, {
      method: 'POST',
      headers: { authorization, 'content-type': 'application/json' },
      body: JSON.stringify({ using: USING, methodCalls: [[name, { accountId: account.id, ...args }, 'c']] }),
    });
    assert.equal(response.status, 200);
    const body = (await response.json()) as { methodResponses: [string, Record<string, unknown>, string][] };
    const [responseName, result] = body.methodResponses[0] ?? [];
    assert.equal(responseName, name, JSON.stringify(result));
    return result as Record<string, unknown>;
  };
  const book = `${base}/dav/addressbooks/${USER.email}/contacts/`;
  const syncCollection = async (token: string) => {
    const response = await fetch(book, {
      method: 'REPORT',
      headers: { authorization, 'content-type': 'application/xml; charset=utf-8', depth: '1' },
      body: `<?xml version="1.0" encoding="utf-8"?><d:sync-collection xmlns:d="DAV:"><d:sync-token>${token}</d:sync-token><d:sync-level>1</d:sync-level><d:prop><d:getetag/></d:prop></d:sync-collection>`,
    });
    assert.equal(response.status, 207);
    return await response.text();
  };

  // CardDAV → JMAP
  const start = await jmap('ContactCard/get', { ids: [] });
  const initial = await syncCollection('');
  const token = /sync-token>([^<]+)</.exec(initial)?.[1];
  assert.ok(token, initial);
  const put = await fetch(`${book}phone-1.vcf`, {
    method: 'PUT',
    headers: { authorization, 'content-type': 'text/vcard; charset=utf-8', 'if-none-match': '*' },
    body: 'BEGIN:VCARD\r\nVERSION:3.0\r\nUID:phone-1\r\nFN:Tom Pouce\r\nN:Pouce;Tom;;;\r\nEMAIL;TYPE=WORK:tom@ac-test.fr\r\nEND:VCARD\r\n',
  });
  assert.equal(put.status, 201);
  const changes = await jmap('ContactCard/changes', { sinceState: start.state });
  assert.equal((changes.created as string[]).length, 1);
  const got = await jmap('ContactCard/get', { ids: changes.created });
  const [tom] = got.list as Record<string, unknown>[];
  assert.deepEqual(tom?.emails, { e1: { address: 'tom@ac-test.fr', contexts: { work: true } } });
  assert.equal(tom?.uid, 'phone-1');

  // JMAP → CardDAV
  const set = await jmap('ContactCard/set', {
    create: { c: { name: { full: 'Créée par JMAP' }, emails: { e1: { address: 'jmap@ac-test.fr' } } } },
    update: { [tom?.id as string]: { 'name/full': 'Tom Pouce (JMAP)' } },
  });
  const created = (set.created as Record<string, { id: string }>).c;
  assert.ok(created);
  const report = await syncCollection(token);
  const hrefs = [...report.matchAll(/<d:href>([^<]+)<\/d:href>/gi)].map((match) => match[1]);
  assert.equal(hrefs.length, 2, report);
  assert.ok(hrefs.some((href) => href?.endsWith('/phone-1.vcf')));
  const jmapHref = hrefs.find((href) => !href?.endsWith('/phone-1.vcf'));
  assert.ok(jmapHref);
  const card = await fetch(`${base}${jmapHref}`, { headers: { authorization } });
  assert.equal(card.status, 200);
  assert.ok(card.headers.get('etag'));
  assert.match(await card.text(), /FN:Créée par JMAP/);
  const phone = await fetch(`${book}phone-1.vcf`, { headers: { authorization } });
  assert.match(await phone.text(), /FN:Tom Pouce \(JMAP\)/);
  assert.notEqual(phone.headers.get('etag'), put.headers.get('etag'));
});
