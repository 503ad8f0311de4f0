import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JmapMethodError, JmapRequestError, SignedOutError } from '../jmap/jmap-client.ts';
import { isServerTrouble, refusalKey } from './contact-failure.ts';
import { CardSetError } from './contacts-api.ts';
import { contactsSection } from './contacts-route.ts';

test('the hash below #/contacts picks the directory or the personal contacts', () => {
  assert.equal(contactsSection('#/contacts/directory'), 'directory');
  assert.equal(contactsSection('#/contacts/directory/'), 'directory');
  assert.equal(contactsSection('#/contacts'), 'personal');
  assert.equal(contactsSection('#/contacts/directoryx'), 'personal');
  assert.equal(contactsSection(''), 'personal');
});

test('the shell hears of signed-out and unreachable; refusals are worded by their type', () => {
  assert.equal(isServerTrouble(new SignedOutError()), true);
  assert.equal(isServerTrouble(new JmapRequestError(0, 'network')), true);
  assert.equal(isServerTrouble(new JmapMethodError('c', 'invalidArguments')), false);
  assert.equal(refusalKey(new CardSetError({ type: 'overQuota' })), 'contactsErrors.overQuota');
  assert.equal(refusalKey(new JmapMethodError('c', 'requestTooLarge')), 'contactsErrors.requestTooLarge');
  assert.equal(refusalKey(new JmapMethodError('c', 'serverFail')), 'contactsErrors.failed');
  assert.equal(refusalKey(new Error('x')), 'contactsErrors.failed');
});
