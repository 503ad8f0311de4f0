import assert from 'node:assert/strict';
import { test } from 'node:test';
import { SettingValueError } from '#core/config';
import { LIFECYCLE_SETTINGS } from './lifecycle-settings.ts';

const DAY = 24 * 3_600_000;

test('the inactivity period is a duration of 30 days to 10 years, or off', () => {
  const setting = LIFECYCLE_SETTINGS.inactivitySuspension;
  assert.equal(setting.default, 365 * DAY);
  assert.equal(setting.show(setting.default), '365d');
  assert.equal(setting.parse('400d'), 400 * DAY);
  assert.equal(setting.parse(' 30d '), 30 * DAY);
  for (const off of ['off', 'OFF', '0', '0d', '00h']) assert.equal(setting.parse(off), null, off);
  assert.equal(setting.show(null), 'off');
  for (const bad of ['29d', '3651d', '36', 'a year', '-1d', '']) {
    assert.throws(
      () => setting.parse(bad),
      (error) => error instanceof SettingValueError && /or off/.test(error.message),
      bad,
    );
  }
});

test('suspended accounts receive mail unless told otherwise', () => {
  const setting = LIFECYCLE_SETTINGS.suspendedAccountsReceiveMail;
  assert.equal(setting.default, true);
  assert.equal(setting.parse('false'), false);
});
