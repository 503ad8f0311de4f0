// VacationResponse over HTTP (RFC 8621 §8): one `singleton` per account, off until set; updates checked
// property by property; create and destroy refused as `singleton`; /get's state follows every change and push
// reports it.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';

const USING = [JMAP_CAPABILITIES.core, JMAP_CAPABILITIES.mail, JMAP_CAPABILITIES.vacationResponse];

async function call(
  fixture: JmapFixture,
  name: string,
  args: Record<string, unknown>,
  who: 'paul' | 'marie' = 'paul',
) {
  const { responses } = await fixture.api([[name, { accountId: fixture.accounts[who], ...args }, 'c']], {
    using: USING,
    who,
  });
  return responses[0];
}

test('an account starts with its response off; an update is stored and seen by /get', async (t) => {
  const fixture = await openJmapFixture(t);
  const [, initial] = (await call(fixture, 'VacationResponse/get', { ids: null })) ?? [];
  assert.deepEqual(initial.list, [
    {
      id: 'singleton',
      isEnabled: false,
      fromDate: null,
      toDate: null,
      subject: null,
      textBody: null,
      htmlBody: null,
    },
  ]);
  assert.deepEqual(initial.notFound, []);

  const update = {
    isEnabled: true,
    fromDate: '2026-12-19T17:00:00Z',
    toDate: '2027-01-04T07:00:00Z',
    subject: 'Absent pendant les vacances de Noël',
    textBody: 'Bonjour,\nje suis absent jusqu’au 4 janvier.',
    htmlBody: '<p>Bonjour,<br>je suis absent jusqu’au 4 janvier.</p>',
  };
  const [name, set] = (await call(fixture, 'VacationResponse/set', { update: { singleton: update } })) ?? [];
  assert.equal(name, 'VacationResponse/set');
  assert.deepEqual(set.updated, { singleton: null });
  assert.notEqual(set.newState, initial.state);
  assert.equal(set.oldState, initial.state);

  const [, got] =
    (await call(fixture, 'VacationResponse/get', {
      ids: ['singleton', 'other'],
      properties: ['isEnabled', 'toDate'],
    })) ?? [];
  assert.deepEqual(got.list, [{ id: 'singleton', isEnabled: true, toDate: '2027-01-04T07:00:00Z' }]);
  assert.deepEqual(got.notFound, ['other']);
  assert.equal(got.state, set.newState);
  // Marie's is her own.
  const [, marie] = (await call(fixture, 'VacationResponse/get', { ids: null }, 'marie')) ?? [];
  assert.equal(marie.list[0].isEnabled, false);

  // A partial update keeps the rest.
  await call(fixture, 'VacationResponse/set', { update: { singleton: { isEnabled: false } } });
  const [, after] = (await call(fixture, 'VacationResponse/get', { ids: null })) ?? [];
  assert.deepEqual(after.list[0], { ...update, id: 'singleton', isEnabled: false });
});

test('refusals: create, destroy, another id, bad values, an end before the start', async (t) => {
  const fixture = await openJmapFixture(t);
  const [, set] =
    (await call(fixture, 'VacationResponse/set', {
      create: { x: { isEnabled: true } },
      update: {
        other: { isEnabled: true },
        singleton: { isEnabled: 'yes', fromDate: '2026-12-19', subject: 'a\r\nBcc: x@y.fr', color: 'red' },
      },
      destroy: ['singleton'],
    })) ?? [];
  assert.equal(set.notCreated.x.type, 'singleton');
  assert.equal(set.notDestroyed.singleton.type, 'singleton');
  assert.equal(set.notUpdated.other.type, 'notFound');
  assert.deepEqual(set.notUpdated.singleton.properties, ['isEnabled', 'fromDate', 'color']);

  const [, header] =
    (await call(fixture, 'VacationResponse/set', {
      update: { singleton: { subject: 'a\r\nBcc: x@y.fr' } },
    })) ?? [];
  assert.deepEqual(header.notUpdated.singleton.properties, ['subject']);
  const [, long] =
    (await call(fixture, 'VacationResponse/set', {
      update: { singleton: { textBody: 'x'.repeat(64 * 1024 + 1) } },
    })) ?? [];
  assert.deepEqual(long.notUpdated.singleton.properties, ['textBody']);
  const [, order] =
    (await call(fixture, 'VacationResponse/set', {
      update: { singleton: { fromDate: '2027-01-04T07:00:00Z', toDate: '2026-12-19T17:00:00Z' } },
    })) ?? [];
  assert.deepEqual(order.notUpdated.singleton.properties, ['toDate']);
  // Nothing was stored.
  const [, got] = (await call(fixture, 'VacationResponse/get', { ids: null })) ?? [];
  assert.deepEqual([got.list[0].isEnabled, got.list[0].subject, got.list[0].fromDate], [false, null, null]);
  assert.equal(got.state, set.oldState);
});

test('once enabled, delivered mail gets one automatic reply per sender', async (t) => {
  const fixture = await openJmapFixture(t, { env: { VERCORS_DELIVERY_DNS: 'offline' } });
  await call(fixture, 'VacationResponse/set', {
    update: { singleton: { isEnabled: true, subject: 'Absent', textBody: 'De retour lundi.' } },
  });
  const deliver = (from: string) =>
    fixture.services.inbound.deliverInbound({
      envelope: {
        mailFrom: from,
        rcptTo: [{ address: 'paul@ac-test.fr' }],
        remoteAddress: '192.0.2.10',
        helo: 'mx.example.org',
        isExtended: true,
        isTls: false,
        isAuthenticated: false,
        isSmtpUtf8: false,
        sessionId: 'test',
      },
      raw: Buffer.from(`From: <${from}>\r\nTo: paul@ac-test.fr\r\nSubject: Question\r\n\r\nBonjour\r\n`),
    });
  /** The automatic replies queued, by recipient, once `count` are there (bounded wait: replies are async). */
  const replies = async (count: number) => {
    for (let attempt = 0; attempt < 100; attempt++) {
      const queued = (await fixture.services.queue.listQueue()).filter(
        (entry) => entry.source === 'autoreply',
      );
      if (queued.length >= count) return queued.map((entry) => [entry.sender, entry.recipients[0]?.address]);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return [];
  };
  await deliver('parent@exemple.org');
  assert.deepEqual(await replies(1), [['', 'parent@exemple.org']]);
  await deliver('parent@exemple.org');
  await deliver('collegue@exemple.org');
  assert.deepEqual((await replies(2)).sort(), [
    ['', 'collegue@exemple.org'],
    ['', 'parent@exemple.org'],
  ]);
});

test('the VacationResponse methods need their capability', async (t) => {
  const fixture = await openJmapFixture(t);
  const { responses } = await fixture.api([
    ['VacationResponse/get', { accountId: fixture.accounts.paul }, 'g'],
  ]);
  assert.equal(responses[0]?.[0], 'error');
  assert.equal(responses[0]?.[1].type, 'unknownMethod');
});
