import assert from 'node:assert/strict';
import { test } from 'node:test';
import {
  booleanSetting,
  choiceSetting,
  durationSetting,
  envNameOf,
  listenSetting,
  showDuration,
  sizeSetting,
} from './setting.ts';

test('environment names derive from keys', () => {
  assert.equal(envNameOf('listen.submissions'), 'VERCORS_LISTEN_SUBMISSIONS');
  assert.equal(envNameOf('database.busy-timeout'), 'VERCORS_DATABASE_BUSY_TIMEOUT');
  assert.equal(envNameOf('data'), 'VERCORS_DATA');
});

test('listen addresses accept IPv4, bracketed IPv6, names and * and refuse the rest', () => {
  const listen = listenSetting({ key: 'l', default: null, why: { fr: '', en: '' } });
  assert.deepEqual(listen.parse('127.0.0.1:993'), { host: '127.0.0.1', port: 993 });
  assert.deepEqual(listen.parse('[::1]:993'), { host: '::1', port: 993 });
  assert.deepEqual(listen.parse('*:25'), { host: '0.0.0.0', port: 25 });
  assert.deepEqual(listen.parse('mail.local:587'), { host: 'mail.local', port: 587 });
  assert.equal(listen.parse('  '), null);
  for (const bad of ['993', '::1:993', '127.0.0.1:0', '127.0.0.1:70000', 'a b:1']) {
    assert.throws(() => listen.parse(bad), Error, bad);
  }
  assert.equal(listen.show({ host: '::1', port: 4190 }), '[::1]:4190');
});

test('durations and sizes read human units and print them back', () => {
  const duration = durationSetting({
    key: 'd',
    default: 0,
    minMs: 1000,
    maxMs: 86_400_000 * 7,
    why: { fr: '', en: '' },
  });
  assert.equal(duration.parse('15m'), 900_000);
  assert.equal(showDuration(900_000), '15m');
  assert.equal(showDuration(1500), '1500ms');
  assert.throws(() => duration.parse('10ms'), /between 1s and 7d/);
  assert.throws(() => duration.parse('ten minutes'), /duration/);
  const size = sizeSetting({ key: 's', default: 0, min: 0, max: 1024 ** 4, why: { fr: '', en: '' } });
  assert.equal(size.parse('25M'), 25 * 1024 * 1024);
  assert.equal(size.parse('2GiB'), 2 * 1024 ** 3);
  assert.equal(size.show(5 * 1024 ** 3), '5G');
  assert.throws(() => size.parse('-1'), /size/);
});

test('booleans and choices refuse anything unexpected', () => {
  const flag = booleanSetting({ key: 'b', default: false, why: { fr: '', en: '' } });
  assert.equal(flag.parse('Yes'), true);
  assert.equal(flag.parse('off'), false);
  assert.throws(() => flag.parse('maybe'), /true or false/);
  const level = choiceSetting({
    key: 'c',
    default: 'info',
    choices: ['info', 'debug'] as const,
    why: { fr: '', en: '' },
  });
  assert.throws(() => level.parse('loud'), /one of info, debug/);
});
