// The choice of a default signature: the recipients' audience from their domains (one lookup per distinct
// domain, none once the answer is known), then the rule — audience flag (external wins when mixed; either
// flag with no recipients), tone (asked, else none, never the other), then sortOrder, name, id.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { chooseSignature, recipientAudience, type SignatureAudience } from './signature-choice.ts';
import type { Signature, SignatureTone } from './signature.ts';

const SERVED = new Set(['ac-test.fr', 'xn--acadmie-eya.fr']);

function lookups(): { isServed: (domain: string) => Promise<boolean>; asked: string[] } {
  const asked: string[] = [];
  return {
    asked,
    isServed: (domain) => {
      asked.push(domain);
      return Promise.resolve(SERVED.has(domain));
    },
  };
}

function signature(id: string, fields: Partial<Signature> = {}): Signature {
  return {
    id,
    identityId: 'sPaul',
    name: id,
    textSignature: '',
    htmlSignature: '',
    useForInternal: true,
    useForExternal: true,
    tone: null,
    sortOrder: 0,
    ...fields,
  };
}

test('the audience is internal when every recipient is in a served domain, external when none is', async () => {
  const cases: [readonly string[], SignatureAudience][] = [
    [[], 'none'],
    [['marie@ac-test.fr'], 'internal'],
    [['Marie@AC-TEST.FR ', 'jean@académie.fr'], 'internal'],
    [['parent@example.org'], 'external'],
    [['parent@example.org', 'autre@gmail.com'], 'external'],
    [['marie@ac-test.fr', 'parent@example.org'], 'mixed'],
    [['parent@example.org', 'marie@ac-test.fr'], 'mixed'],
    // Not an address, so nothing says it is ours.
    [['marie@ac-test.fr', 'pas une adresse'], 'mixed'],
    [['@ac-test.fr'], 'external'],
    [['marie@ac-test.fr.'], 'internal'],
    // A subdomain is another domain.
    [['eleve@college.ac-test.fr'], 'external'],
  ];
  for (const [recipients, expected] of cases) {
    assert.equal(await recipientAudience(recipients, lookups().isServed), expected, recipients.join(', '));
  }
});

test('each domain is looked up once, and none after the audience is known to be mixed', async () => {
  const { isServed, asked } = lookups();
  const recipients = ['a@ac-test.fr', 'b@ac-test.fr', 'c@example.org', 'd@example.net', 'e@example.com'];
  assert.equal(await recipientAudience(recipients, isServed), 'mixed');
  assert.deepEqual(asked, ['ac-test.fr', 'example.org']);
});

test('the audience flag decides first: internal, external, and external when mixed', () => {
  const internal = signature('internal', { useForExternal: false });
  const external = signature('external', { useForInternal: false });
  const byHand = signature('byHand', { useForInternal: false, useForExternal: false, sortOrder: -1 });
  const all = [byHand, internal, external];
  const chosen = (audience: SignatureAudience, list: readonly Signature[] = all) =>
    chooseSignature(list, audience, null)?.id;
  assert.equal(chosen('internal'), 'internal');
  assert.equal(chosen('external'), 'external');
  assert.equal(chosen('mixed'), 'external');
  // No recipients yet: any signature marked for an audience, never one kept for choosing by hand.
  assert.equal(chosen('none'), 'external');
  assert.equal(chosen('none', [byHand]), undefined);
  // Nothing marked for external recipients: no signature (the identity's own applies).
  assert.equal(chosen('mixed', [byHand, internal]), undefined);
  assert.equal(chosen('internal', []), undefined);
});

test('an asked tone wins, then a signature without tone; the other tone never', () => {
  const formal = signature('formal', { tone: 'formal', sortOrder: 2 });
  const informal = signature('informal', { tone: 'informal', sortOrder: 1 });
  const neutral = signature('neutral', { sortOrder: 3 });
  const chosen = (tone: SignatureTone | null, list: readonly Signature[]) =>
    chooseSignature(list, 'external', tone)?.id;
  assert.equal(chosen('formal', [informal, neutral, formal]), 'formal');
  assert.equal(chosen('informal', [informal, neutral, formal]), 'informal');
  assert.equal(chosen('formal', [informal, neutral]), 'neutral');
  assert.equal(chosen('formal', [informal]), undefined);
  // No tone asked: one without a tone first, else the first by order whatever its tone.
  assert.equal(chosen(null, [informal, neutral, formal]), 'neutral');
  assert.equal(chosen(null, [formal, informal]), 'informal');
});

test('among equals, sortOrder, then the name as a French reader sorts it, then the id', () => {
  const chosen = (list: readonly Signature[]) => chooseSignature(list, 'internal', null)?.id;
  assert.equal(chosen([signature('b', { sortOrder: 5 }), signature('a', { sortOrder: 7 })]), 'b');
  assert.equal(
    chosen([
      signature('s1', { name: 'eleve 10' }),
      signature('s2', { name: 'Zoé' }),
      signature('s3', { name: 'Élève 9' }),
    ]),
    's3',
  );
  assert.equal(chosen([signature('s2', { name: 'Même' }), signature('s1', { name: 'même' })]), 's1');
});
