// The directory's snapshots (domain/directory/directory-snapshot.ts), each built on a worker thread started
// for it (directory-snapshot-thread.ts) and ended with it: no thread, connection or memory is held between
// builds, which happen when the directory changes (a night's HR import, an account created or suspended). A
// build that does not finish in time is stopped. main.ts hands this to the directory service.

import { Worker } from 'node:worker_threads';
import type { DirectorySnapshotData, SnapshotBuild } from '#domain/directory';
import type { ReaderLocation } from '#store';

/** Far above a build of 100,000 people (seconds): a thread still running then is stuck. */
export const BUILD_TIMEOUT_MS = 300_000;

type ThreadAnswer = { ok: true; data: DirectorySnapshotData } | { ok: false; message: string };

export function buildSnapshotInThread(location: ReaderLocation, nowMs: number): SnapshotBuild {
  const thread = new Worker(new URL('./directory-snapshot-thread.ts', import.meta.url), {
    workerData: { location, nowMs },
  });
  // A build never keeps the process alive: a server closing, or a command ending, does not wait for it.
  thread.unref();
  const result = new Promise<DirectorySnapshotData>((resolve, reject) => {
    const timer = setTimeout(() => {
      reject(new Error(`the directory snapshot took over ${BUILD_TIMEOUT_MS / 1000} s to build`));
      void thread.terminate();
    }, BUILD_TIMEOUT_MS);
    timer.unref();
    thread.once('message', (answer: ThreadAnswer) => {
      clearTimeout(timer);
      if (answer.ok) resolve(answer.data);
      else reject(new Error(`the directory snapshot failed to build: ${answer.message}`));
    });
    thread.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    thread.once('exit', (code) => {
      clearTimeout(timer);
      // After a message this changes nothing; without one the thread died or was stopped.
      reject(new Error(`the directory snapshot thread ended (exit code ${code}) without a snapshot`));
    });
  });
  return {
    result,
    async stop() {
      await thread.terminate();
    },
  };
}
