// Identity/get, /changes and /set over HTTP (RFC 8621 §6), and the submission capability in the session.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JMAP_CAPABILITIES } from '@vercors/contract';
import { SENDING_IDENTITY_LIMITS } from '#domain/mail';
import { DOMAIN, MAIL_USING, MARIE, openJmapFixture, PAUL, readJson } from '../jmap.fixture.ts';

const USING = [...MAIL_USING, JMAP_CAPABILITIES.submission];

test('the session offers submission: FUTURERELEASE up to 31 days, DSN, Paul’s account as primary', async (t) => {
  const fixture = await openJmapFixture(t);
  const response = await fetch(`${fixture.base}/jmap/session`, {
    headers: { authorization: fixture.authorization('paul') },
  });
  const session = await readJson(response);
  const accountId = fixture.accounts.paul;
  assert.deepEqual(session.capabilities[JMAP_CAPABILITIES.submission], {});
  // The latest date counts from the start of the day, so the session state moves once a day.
  const maxDelay = 31 * 86_400;
  const latest = new Date(Math.floor(Date.now() / 86_400_000) * 86_400_000 + maxDelay * 1000);
  assert.deepEqual(session.accounts[accountId].accountCapabilities[JMAP_CAPABILITIES.submission], {
    maxDelayedSend: maxDelay,
    submissionExtensions: {
      FUTURERELEASE: [String(maxDelay), latest.toISOString().replace('.000Z', 'Z')],
      DSN: [],
      SMTPUTF8: [],
      '8BITMIME': [],
    },
  });
  assert.equal(session.primaryAccounts[JMAP_CAPABILITIES.submission], accountId);
});

test('Identity/get lists the primary identity, picks properties, and knows nothing of other accounts', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const { responses } = await fixture.api([['Identity/get', { accountId, ids: null }, 'g']], {
    using: USING,
  });
  const [name, result] = responses[0] ?? [];
  assert.equal(name, 'Identity/get');
  assert.match(result.state, /^[0-9]+$/);
  assert.deepEqual(result.notFound, []);
  assert.equal(result.list.length, 1);
  const primary = result.list[0];
  assert.deepEqual(
    { ...primary, id: undefined },
    {
      id: undefined,
      name: 'Paul Durand',
      email: PAUL.email,
      replyTo: null,
      bcc: null,
      textSignature: '',
      htmlSignature: '',
      mayDelete: false,
    },
  );
  assert.match(primary.id, /^[A-Za-z0-9_-]+$/);

  const marie = await fixture.api([['Identity/get', { accountId: fixture.accounts.marie }, 'g']], {
    who: 'marie',
    using: USING,
  });
  const marieId = marie.responses[0]?.[1].list[0].id;
  assert.equal(marie.responses[0]?.[1].list[0].email, MARIE.email);
  const some = await fixture.api(
    [['Identity/get', { accountId, ids: [primary.id, marieId, primary.id], properties: ['email'] }, 'g']],
    { using: USING },
  );
  assert.deepEqual(some.responses[0]?.[1].list, [{ id: primary.id, email: PAUL.email }]);
  assert.deepEqual(some.responses[0]?.[1].notFound, [marieId]);

  const refused = await fixture.api(
    [
      ['Identity/get', { accountId: fixture.accounts.marie }, 'other'],
      ['Identity/get', { accountId, properties: ['signature'] }, 'unknown'],
      ['Identity/get', { accountId, extra: true }, 'strict'],
    ],
    { using: USING },
  );
  assert.equal(refused.responses[0]?.[1].type, 'accountNotFound');
  assert.equal(refused.responses[1]?.[1].type, 'invalidArguments');
  assert.equal(refused.responses[2]?.[1].type, 'invalidArguments');

  // Without the submission capability in `using`, the Identity methods do not exist.
  const without = await fixture.api([
    ['Identity/get', { accountId }, 'g'],
    ['Identity/changes', { accountId, sinceState: '0' }, 'c'],
    ['Identity/set', { accountId }, 's'],
  ]);
  for (const [name, args] of without.responses) {
    assert.equal(name, 'error');
    assert.equal(args.type, 'unknownMethod');
  }
});

test('Identity/set creates identities for the account’s own addresses, aliases included, and refuses others', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const alias = `professeur.principal@${DOMAIN}`;
  await fixture.services.identity.addAlias(PAUL.email, alias);
  const before = (await fixture.api([['Identity/get', { accountId }, 'g']], { using: USING }))
    .responses[0]?.[1];
  // The alias has its identity already, made for it when the identities were read.
  assert.deepEqual(
    before.list.map((identity: { email: string; mayDelete: boolean }) => [
      identity.email,
      identity.mayDelete,
    ]),
    [
      [PAUL.email, false],
      [alias, true],
    ],
  );

  const { body, responses } = await fixture.api(
    [
      [
        'Identity/set',
        {
          accountId,
          ifInState: before.state,
          create: {
            teacher: {
              email: alias.toUpperCase(),
              name: 'Paul Durand, professeur principal',
              replyTo: [{ email: 'vie.scolaire@ac-test.fr' }],
              textSignature: '--\nPaul Durand\nProfesseur principal de 3e B',
              htmlSignature: '<p>Paul Durand<br>Professeur principal</p>',
            },
            plain: { email: PAUL.email },
            marie: { email: MARIE.email, name: 'Pas Paul' },
            outside: { email: 'paul.durand@example.org' },
            garbage: { email: 'pas une adresse' },
            nameless: { name: 'Sans adresse' },
            serverSet: { email: PAUL.email, mayDelete: false, id: 'mine' },
            wrongTypes: { email: PAUL.email, name: 42, bcc: 'everyone', replyTo: [{ email: 1 }] },
          },
        },
        's',
      ],
      ['Identity/get', { accountId, ids: ['#teacher'], properties: ['email', 'replyTo'] }, 'g'],
    ],
    { using: USING, createdIds: {} },
  );
  const set = responses[0]?.[1];
  assert.equal(set.oldState, before.state);
  assert.notEqual(set.newState, before.state);
  assert.deepEqual(Object.keys(set.created).sort(), ['plain', 'teacher']);
  // What the client did not send, or sent otherwise than it is stored, comes back.
  assert.deepEqual(set.created.teacher, {
    id: set.created.teacher.id,
    email: alias,
    replyTo: [{ name: null, email: 'vie.scolaire@ac-test.fr' }],
    bcc: null,
    mayDelete: true,
  });
  assert.deepEqual(set.created.plain, {
    id: set.created.plain.id,
    name: '',
    replyTo: null,
    bcc: null,
    textSignature: '',
    htmlSignature: '',
    mayDelete: true,
  });
  assert.deepEqual(body.createdIds, { teacher: set.created.teacher.id, plain: set.created.plain.id });
  for (const refused of ['marie', 'outside', 'garbage'])
    assert.equal(set.notCreated[refused].type, 'forbiddenFrom', refused);
  assert.deepEqual(set.notCreated.nameless.properties, ['email']);
  assert.deepEqual(set.notCreated.serverSet.properties.sort(), ['id', 'mayDelete']);
  assert.deepEqual(set.notCreated.wrongTypes.properties.sort(), ['bcc', 'name', 'replyTo']);
  assert.deepEqual(responses[1]?.[1].list, [
    { id: set.created.teacher.id, email: alias, replyTo: [{ name: null, email: 'vie.scolaire@ac-test.fr' }] },
  ]);

  const stale = await fixture.api([['Identity/set', { accountId, ifInState: before.state }, 's']], {
    using: USING,
  });
  assert.equal(stale.responses[0]?.[1].type, 'stateMismatch');
});

test('signatures and names are bounded; the HTML signature is stored as given', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const max = SENDING_IDENTITY_LIMITS.maxSignatureBytes;
  // 58 bytes of markup around two-byte letters: exactly at the bound.
  const html = `<div style="color:#036">${'é'.repeat((max - 58) / 2)}</div><img src=x onerror=alert(1)>`;
  assert.equal(Buffer.byteLength(html), max);
  const { responses } = await fixture.api(
    [
      [
        'Identity/set',
        {
          accountId,
          create: {
            atLimit: { email: PAUL.email, textSignature: 'x'.repeat(max), htmlSignature: html },
            textTooLong: { email: PAUL.email, textSignature: 'x'.repeat(max + 1) },
            htmlTooLong: { email: PAUL.email, htmlSignature: `<p>${'é'.repeat(max / 2)}</p>` },
            headerInjection: { email: PAUL.email, name: 'Paul\r\nBcc: tout-le-monde@example.org' },
            badReplyTo: { email: PAUL.email, replyTo: [{ name: 'X', email: 'nowhere' }] },
            tooManyBcc: {
              email: PAUL.email,
              bcc: Array.from({ length: SENDING_IDENTITY_LIMITS.maxAddresses + 1 }, (_, i) => ({
                name: null,
                email: `copie${i}@example.org`,
              })),
            },
          },
        },
        's',
      ],
    ],
    { using: USING },
  );
  const set = responses[0]?.[1];
  assert.deepEqual(Object.keys(set.created), ['atLimit']);
  const expected: Record<string, string> = {
    textTooLong: 'textSignature',
    htmlTooLong: 'htmlSignature',
    headerInjection: 'name',
    badReplyTo: 'replyTo',
    tooManyBcc: 'bcc',
  };
  for (const [creationId, property] of Object.entries(expected)) {
    assert.equal(set.notCreated[creationId].type, 'invalidProperties', creationId);
    assert.deepEqual(set.notCreated[creationId].properties, [property], creationId);
  }
  const stored = await fixture.api(
    [['Identity/get', { accountId, ids: [set.created.atLimit.id], properties: ['htmlSignature'] }, 'g']],
    { using: USING },
  );
  assert.equal(stored.responses[0]?.[1].list[0].htmlSignature, html);
});

test('Identity/set updates fields but not the address, destroys what may be destroyed, and /changes tells', async (t) => {
  const fixture = await openJmapFixture(t);
  const accountId = fixture.accounts.paul;
  const alias = `p.durand@${DOMAIN}`;
  await fixture.services.identity.addAlias(PAUL.email, alias);
  const get = async () =>
    (await fixture.api([['Identity/get', { accountId }, 'g']], { using: USING })).responses[0]?.[1];
  const start = await get();
  const [primary, aliasIdentity] = start.list;
  const made = await fixture.api(
    [['Identity/set', { accountId, create: { variant: { email: PAUL.email, name: 'Variante' } } }, 's']],
    { using: USING },
  );
  const variant = made.responses[0]?.[1].created.variant.id;
  const afterCreate = made.responses[0]?.[1].newState;

  const changed = await fixture.api(
    [
      [
        'Identity/set',
        {
          accountId,
          update: {
            [primary.id]: { name: 'P. Durand', textSignature: 'Bien cordialement,\nP. Durand', bcc: null },
            [variant]: { email: PAUL.email.toUpperCase(), name: 'Cafe\u0301' },
            [aliasIdentity.id]: { email: `autre@${DOMAIN}` },
            sNoSuchIdentity: { name: 'x' },
            [`${variant}x`]: { 'replyTo/0': { email: 'a@example.org' } },
          },
          destroy: [primary.id, aliasIdentity.id, 'sNoSuchIdentity'],
        },
        'u',
      ],
    ],
    { using: USING },
  );
  const update = changed.responses[0]?.[1];
  assert.equal(update.updated[primary.id], null);
  // Stored otherwise than sent: the address in lower case, the name in NFC.
  assert.deepEqual(update.updated[variant], { email: PAUL.email, name: 'Café' });
  assert.deepEqual(update.notUpdated[aliasIdentity.id].properties, ['email']);
  assert.equal(update.notUpdated.sNoSuchIdentity.type, 'notFound');
  assert.equal(update.notUpdated[`${variant}x`].type, 'invalidPatch');
  assert.equal(update.notDestroyed[primary.id].type, 'forbidden');
  assert.equal(update.notDestroyed.sNoSuchIdentity.type, 'notFound');
  assert.deepEqual(update.destroyed, [aliasIdentity.id]);

  const after = await get();
  assert.deepEqual(
    after.list.map((identity: { name: string; email: string }) => [identity.email, identity.name]),
    [
      [PAUL.email, 'P. Durand'],
      [PAUL.email, 'Café'],
    ],
  );
  assert.equal(after.list[0].textSignature, 'Bien cordialement,\nP. Durand');

  const { responses } = await fixture.api(
    [
      ['Identity/changes', { accountId, sinceState: start.state }, 'all'],
      ['Identity/changes', { accountId, sinceState: afterCreate }, 'later'],
      ['Identity/changes', { accountId, sinceState: start.state, maxChanges: 1 }, 'paged'],
      ['Identity/changes', { accountId, sinceState: 'hier' }, 'bad'],
    ],
    { using: USING },
  );
  const all = responses[0]?.[1];
  assert.equal(all.oldState, start.state);
  assert.equal(all.newState, after.state);
  assert.equal(all.hasMoreChanges, false);
  assert.deepEqual(all.created, [variant]);
  assert.deepEqual(all.updated, [primary.id]);
  assert.deepEqual(all.destroyed, [aliasIdentity.id]);
  const later = responses[1]?.[1];
  assert.deepEqual([...later.updated].sort(), [primary.id, variant].sort());
  assert.deepEqual(later.destroyed, [aliasIdentity.id]);
  assert.equal(responses[2]?.[1].hasMoreChanges, true);
  assert.deepEqual(responses[2]?.[1].created, [variant]);
  assert.equal(responses[3]?.[1].type, 'cannotCalculateChanges');

  // The alias goes: whatever identities it had are reported destroyed, with no Identity/set involved.
  await fixture.api(
    [['Identity/set', { accountId, create: { again: { email: alias, name: 'Encore' } } }, 's']],
    { using: USING },
  );
  const beforeRemoval = (await get()).state;
  await fixture.services.identity.removeAlias(alias);
  const removal = await fixture.api([['Identity/changes', { accountId, sinceState: beforeRemoval }, 'c']], {
    using: USING,
  });
  assert.equal(removal.responses[0]?.[1].destroyed.length, 1);
  assert.equal((await get()).list.length, 2);
});
