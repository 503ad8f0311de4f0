import assert from 'node:assert/strict';
import { test } from 'node:test';
import { formatLogLine } from './log-text.ts';

test('a JSON log line becomes one readable line with its fields', () => {
  const line = JSON.stringify({
    level: 'info',
    time: '2026-11-29T00:33:14.530Z',
    pid: 1,
    worker: 2,
    msg: 'worker ready',
    listeners: ['http'],
    note: 'two words',
  });
  assert.equal(
    formatLogLine(line),
    '00:33:14 INFO  [worker 2] worker ready listeners=["http"] note="two words"\n',
  );
});

test('the primary is named by its role and an error shows its stack', () => {
  const line = JSON.stringify({
    level: 'error',
    time: '2026-11-29T10:00:00.000Z',
    role: 'primary',
    msg: 'failed',
    err: { stack: 'Error: x\n    at y' },
  });
  assert.equal(formatLogLine(line), '10:00:00 ERROR [primary] failed err=\nError: x\n    at y\n');
});

test('a line that is not JSON passes through unchanged', () => {
  assert.equal(formatLogLine('plain\n'), 'plain\n');
});
