import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createUpdateWatcher } from './update-watcher.ts';
import { SKIP_WAITING } from './worker-messages.ts';

class FakeWorker extends EventTarget {
  state = 'installing';
  readonly messages: unknown[] = [];
  postMessage(message: unknown) {
    this.messages.push(message);
  }
  become(state: string) {
    this.state = state;
    this.dispatchEvent(new Event('statechange'));
  }
}
class FakeRegistration extends EventTarget {
  installing: FakeWorker | null = null;
  waiting: FakeWorker | null = null;
  find(worker: FakeWorker) {
    this.installing = worker;
    this.dispatchEvent(new Event('updatefound'));
  }
}
class FakeContainer extends EventTarget {
  readonly controller: unknown;
  constructor(controller: unknown) {
    super();
    this.controller = controller;
  }
}

test('a new worker that installs under a controlled page waits, and the notice hears of it', () => {
  const container = new FakeContainer({});
  let reloads = 0;
  const watcher = createUpdateWatcher(container, () => (reloads += 1));
  const registration = new FakeRegistration();
  watcher.watch(registration);
  let heard = 0;
  const stop = watcher.subscribe(() => (heard += 1));
  assert.equal(watcher.isWaiting(), false);
  const next = new FakeWorker();
  registration.find(next);
  next.become('installed');
  assert.equal(watcher.isWaiting(), true);
  assert.equal(heard, 1);
  stop();
  // Reload asked: the waiting worker is told to take over, and the page reloads once it has.
  watcher.apply();
  assert.deepEqual(next.messages, [{ type: SKIP_WAITING }]);
  assert.equal(reloads, 0);
  container.dispatchEvent(new Event('controllerchange'));
  assert.equal(reloads, 1);
});

test('the first install is not an update, and a take-over nobody asked for reloads nothing', () => {
  const container = new FakeContainer(null);
  let reloads = 0;
  const watcher = createUpdateWatcher(container, () => (reloads += 1));
  const registration = new FakeRegistration();
  watcher.watch(registration);
  const first = new FakeWorker();
  registration.find(first);
  first.become('installed');
  assert.equal(watcher.isWaiting(), false);
  // The first worker claims the page.
  container.dispatchEvent(new Event('controllerchange'));
  assert.equal(reloads, 0);
  watcher.apply();
  assert.deepEqual(first.messages, []);
});

test('a worker already waiting when the page opens is offered; one another tab activated just reloads', () => {
  const container = new FakeContainer({});
  let reloads = 0;
  const watcher = createUpdateWatcher(container, () => (reloads += 1));
  const registration = new FakeRegistration();
  const waiting = new FakeWorker();
  waiting.state = 'installed';
  registration.waiting = waiting;
  watcher.watch(registration);
  assert.equal(watcher.isWaiting(), true);
  waiting.state = 'activated';
  watcher.apply();
  assert.equal(reloads, 1);
  assert.deepEqual(waiting.messages, []);
});
