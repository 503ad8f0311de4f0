import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DomainError } from '#core/errors';
import { checkPasswordPolicy, MAX_PASSWORD_LENGTH } from './password-policy.ts';

const context = { email: 'marie.martin@ac-grenoble.fr', names: ['Marie', 'Martin'] };

function refusal(password: string, minLength = 12): string | undefined {
  try {
    checkPasswordPolicy(password, minLength, context);
    return undefined;
  } catch (error) {
    assert.ok(error instanceof DomainError && error.code === 'invalid');
    return String(error.details.reason);
  }
}

test('a long, unremarkable password passes and comes back NFC-normalised', () => {
  assert.equal(refusal('pivoines bleues du jardin'), undefined);
  assert.equal(checkPasswordPolicy('cafe\u0301 au lait chaud', 12, context), 'café au lait chaud');
});

test('passwords shorter than the configured minimum are refused with the minimum', () => {
  assert.equal(refusal('Xk3#pq9!'), 'passwordTooShort');
  assert.equal(refusal('Xk3#pq9!', 8), undefined);
  try {
    checkPasswordPolicy('short', 12, context);
  } catch (error) {
    assert.equal((error as DomainError).details.min, 12);
  }
});

test('length counts characters, not UTF-16 units', () => {
  // Eleven emoji are 22 UTF-16 units but only 11 characters.
  assert.equal(refusal('🌲🌳🌴🌵🌾🌿🍀🍁🍂🍃🌻'), 'passwordTooShort');
});

test('an empty password and one beyond the maximum are refused', () => {
  assert.equal(refusal(''), 'passwordEmpty');
  assert.equal(refusal('x7Lm'.repeat(MAX_PASSWORD_LENGTH / 4 + 1)), 'passwordTooLong');
});

test('common words stretched with digits and symbols are refused', () => {
  for (const weak of [
    'motdepasse123',
    'Azertyuiop2024!',
    'Soleil!!!!!!2024',
    '2024Password!!',
    'Académie2025!!',
  ]) {
    assert.equal(refusal(weak), 'passwordTooCommon', weak);
  }
});

test('repetitions and keyboard sequences are refused', () => {
  for (const weak of [
    'aaaaaaaaaaaaaa',
    'abababababababab',
    'abcdefghijklmn',
    '123456789012',
    '9876543210987',
  ]) {
    assert.equal(refusal(weak), 'passwordTooCommon', weak);
  }
});

test('a password built on the account’s own name or address is refused', () => {
  assert.equal(refusal('marie.martin2024'), 'passwordTooPersonal');
  assert.equal(refusal('MartinMartin!!'), 'passwordTooPersonal');
  assert.equal(refusal('Marie aime les pivoines bleues'), undefined);
});
