// Signature/choose over HTTP (urn:vercors:jmap, docs/jmap.md): the default signature of a message by its
// recipients' domains (served or not), then the tone, then the order; null when none fits; bounded arguments.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SIGNATURE_LIMITS } from '#domain/mail';
import { type JmapFixture, openJmapFixture } from '../jmap.fixture.ts';
import { callOne as call } from '../vercors/vercors.fixture.ts';

async function primaryIdentity(fixture: JmapFixture, who: 'paul' | 'marie' = 'paul'): Promise<string> {
  return (await call(fixture, 'Identity/get', {}, who)).list[0].id;
}

test('Signature/choose picks by the recipients’ domains, then the tone, then the order', async (t) => {
  const fixture = await openJmapFixture(t);
  const identityId = await primaryIdentity(fixture);
  await fixture.services.identity.addDomain('académie-test.fr');
  const made = await call(fixture, 'Signature/set', {
    create: {
      colleagues: { identityId, name: 'Collègues', useForExternal: false, tone: 'informal' },
      colleaguesFormal: { identityId, name: 'Collègues (formel)', useForExternal: false, tone: 'formal' },
      outside: { identityId, name: 'Extérieur', useForInternal: false, sortOrder: 2 },
      outsideFirst: {
        identityId,
        name: 'Extérieur court',
        useForInternal: false,
        tone: 'formal',
        sortOrder: 1,
      },
      byHand: { identityId, name: 'À la main', useForInternal: false, useForExternal: false },
    },
  });
  const id = (key: string) => made.created[key].id as string;
  const choose = async (recipients: string[], tone?: string | null) =>
    await call(fixture, 'Signature/choose', { identityId, recipients, ...(tone !== undefined && { tone }) });

  assert.deepEqual(await choose(['marie@ac-test.fr']), {
    accountId: fixture.accounts.paul,
    signatureId: id('colleagues'),
    audience: 'internal',
  });
  assert.equal(
    (await choose(['MARIE@AC-TEST.FR', 'jean@académie-test.fr'], 'formal')).signatureId,
    id('colleaguesFormal'),
  );
  assert.deepEqual(await choose(['parent@example.org']), {
    accountId: fixture.accounts.paul,
    signatureId: id('outside'),
    audience: 'external',
  });
  assert.equal((await choose(['parent@example.org'], 'formal')).signatureId, id('outsideFirst'));
  // Mixed: the external signatures; an informal one is asked and there is none, so one without a tone.
  assert.deepEqual(await choose(['marie@ac-test.fr', 'parent@example.org'], 'informal'), {
    accountId: fixture.accounts.paul,
    signatureId: id('outside'),
    audience: 'mixed',
  });
  assert.equal((await choose([], null)).audience, 'none');
  assert.equal((await choose([])).signatureId, id('outside'));

  // No signature fits: null, the identity's own applies.
  await call(fixture, 'Signature/set', { destroy: [id('outside'), id('outsideFirst')] });
  assert.deepEqual(await choose(['parent@example.org']), {
    accountId: fixture.accounts.paul,
    signatureId: null,
    audience: 'external',
  });

  const marieIdentity = await primaryIdentity(fixture, 'marie');
  const refusals = [
    { identityId: marieIdentity, recipients: [] },
    { identityId: 'sNoSuchIdentity', recipients: [] },
    { identityId: '#nothing', recipients: [] },
    { identityId, recipients: [], tone: 'casual' },
    { identityId, recipients: 'marie@ac-test.fr' },
    { identityId },
    { identityId, recipients: [], extra: 1 },
    { identityId, recipients: ['x'.repeat(321)] },
    {
      identityId,
      recipients: Array.from({ length: SIGNATURE_LIMITS.maxRecipientsToChoose + 1 }, () => 'a@b.fr'),
    },
  ];
  for (const args of refusals)
    assert.equal(
      (await call(fixture, 'Signature/choose', args)).error,
      'invalidArguments',
      JSON.stringify(args).slice(0, 80),
    );
  const atBound = Array.from(
    { length: SIGNATURE_LIMITS.maxRecipientsToChoose },
    (_, i) => `p${i}@example.org`,
  );
  assert.equal((await choose(atBound)).audience, 'external');
});
