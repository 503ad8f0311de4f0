import assert from 'node:assert/strict';
import { test } from 'node:test';
import type { JmapSignature } from '@vercors/contract';
import { signatureForAudience } from './signature-audience.ts';

function signature(id: string, fields: Partial<JmapSignature>): JmapSignature {
  return {
    id,
    identityId: 'i1',
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

test('colleagues and outside each get the first signature with their flag, in list order', () => {
  const list = [
    signature('externe', { useForInternal: false, sortOrder: 2 }),
    signature('interne', { useForExternal: false, sortOrder: 1 }),
    signature('manuelle', { useForInternal: false, useForExternal: false, sortOrder: 0 }),
  ];
  assert.equal(signatureForAudience(list, 'internal')?.id, 'interne');
  assert.equal(signatureForAudience(list, 'external')?.id, 'externe');
});

test('without a tone asked, a signature without a tone goes first; else the first of either tone', () => {
  const list = [
    signature('formelle', { tone: 'formal', sortOrder: 0 }),
    signature('neutre', { tone: null, sortOrder: 5 }),
  ];
  assert.equal(signatureForAudience(list, 'internal')?.id, 'neutre');
  const toned = [
    signature('familière', { tone: 'informal', sortOrder: 1 }),
    signature('formelle', { tone: 'formal' }),
  ];
  assert.equal(signatureForAudience(toned, 'external')?.id, 'formelle');
});

test('none fits: none is marked (the identity’s own signature applies)', () => {
  const list = [signature('manuelle', { useForInternal: false, useForExternal: false })];
  assert.equal(signatureForAudience(list, 'internal'), undefined);
  assert.equal(signatureForAudience([], 'external'), undefined);
});
