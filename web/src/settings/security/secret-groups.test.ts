import assert from 'node:assert/strict';
import { test } from 'node:test';
import { groupSecret } from './secret-groups.ts';

test('a key is shown in groups of four, upper case, the last group shorter', () => {
  assert.equal(groupSecret('jbswy3dpehpk3pxp'), 'JBSW Y3DP EHPK 3PXP');
  assert.equal(groupSecret('JBSWY3DPEHPK3PXPAB'), 'JBSW Y3DP EHPK 3PXP AB');
});

test('spaces and dashes already in the key do not shift the groups', () => {
  assert.equal(groupSecret(' JBS WY3-DPE '), 'JBSW Y3DP E');
  assert.equal(groupSecret(''), '');
});
