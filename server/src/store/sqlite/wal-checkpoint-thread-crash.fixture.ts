// Test fixture for wal-checkpointer.test.ts: a checkpoint thread that dies at its first request.

import { parentPort } from 'node:worker_threads';

parentPort?.once('message', () => process.exit(3));
