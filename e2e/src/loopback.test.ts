// The end-to-end tests' free ports: every one handed out in a process is distinct, so a server given several
// can listen on all of them.

import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freeLoopbackPort } from './loopback.ts';

test('free loopback ports are never handed out twice in a process', async () => {
  const ports: number[] = [];
  for (let n = 0; n < 300; n++) ports.push(await freeLoopbackPort());
  assert.equal(new Set(ports).size, ports.length);
  assert.ok(ports.every((port) => port > 0 && port < 65_536));
});
