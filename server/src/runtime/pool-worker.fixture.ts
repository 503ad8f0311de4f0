// Test fixture: a stand-in worker process for worker-pool.test.ts, forked by the real pool. It behaves as
// VERCORS_TEST_WORKER_MODE says, so the pool's restart, fatal and shutdown paths run without a server.

import { existsSync, writeFileSync } from 'node:fs';
import { runtimeMessageOf, tag, type PrimaryMessage, type WorkerMessage } from './runtime-message.ts';

const mode = process.env.VERCORS_TEST_WORKER_MODE ?? 'ready';
const slot = process.env.VERCORS_WORKER_SLOT ?? '0';
const marker = `${process.env.VERCORS_TEST_MARKER ?? ''}.${slot}`;

const send = (message: WorkerMessage) => process.send?.(tag(message));

process.on('message', (raw) => {
  if (runtimeMessageOf<PrimaryMessage>(raw)?.kind === 'shutdown') process.exit(0);
});

switch (mode) {
  case 'crash':
    process.exit(3);
    break;
  case 'fatal':
    send({
      kind: 'fatal',
      fatal: { reason: 'listen', settingKey: 'listen.http', address: '127.0.0.1:1', code: 'EADDRINUSE' },
    });
    break;
  case 'crashOnceAfterReady':
    send({ kind: 'ready', listeners: [] });
    // The first process of slot 1 crashes once ready; the one forked in its place stays up.
    if (slot === '1' && !existsSync(marker)) {
      writeFileSync(marker, 'crashed');
      setTimeout(() => process.exit(4), 50);
    }
    break;
  case 'ignoreShutdown':
    process.removeAllListeners('message');
    send({ kind: 'ready', listeners: [] });
    setInterval(() => {}, 1_000);
    break;
  case 'reportFlags':
    // What the pool put on this process's command line, for the test to read.
    writeFileSync(marker, JSON.stringify(process.execArgv));
    send({ kind: 'ready', listeners: [] });
    break;
  default:
    send({ kind: 'ready', listeners: [] });
}
