import assert from 'node:assert/strict';
import { type TestContext, test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { DomainError } from '#core/errors';
import { silentLogger } from '#core/log';
import { SPELLING_LIMITS } from './spelling-limits.ts';
import { createSpellingService, type SpellingService } from './spelling-service.ts';

const SETTINGS = { enabled: true, preload: false, maxWaiting: 32, timeout: 3000, idleUnload: 3_600_000 };

/** A service over the protocol stand-in (spell-worker.fixture.ts), closed when the test ends. */
function service(
  t: TestContext,
  options: { data?: unknown; settings?: Partial<typeof SETTINGS>; stuckGraceMs?: number } = {},
): SpellingService {
  const spelling = createSpellingService({
    settings: { ...SETTINGS, ...options.settings },
    log: silentLogger(),
    workerUrl: new URL('./spell-worker.fixture.ts', import.meta.url),
    workerData: options.data,
    ...(options.stuckGraceMs !== undefined && { stuckGraceMs: options.stuckGraceMs }),
  });
  t.after(() => spelling.close());
  return spelling;
}

/** Asserts `promise` fails with a DomainError of `code` whose message matches `message`. */
async function refused(promise: Promise<unknown>, code: string, message: RegExp) {
  await assert.rejects(promise, (error) => {
    assert.ok(error instanceof DomainError, String(error));
    assert.equal(error.code, code);
    assert.match(error.message, message);
    return true;
  });
}

test('while the dictionary loads, checks answer "loading" at once; then they are checked', async (t) => {
  const spelling = service(t, { data: { loadMs: 300 } });
  const started = performance.now();
  assert.deepEqual(await spelling.check('bonjour'), { isLoading: true });
  assert.deepEqual(await spelling.check('bonjour'), { isLoading: true });
  assert.ok(performance.now() - started < 200, 'answered without waiting for the load');
  await spelling.load();
  assert.deepEqual(await spelling.check('un mot'), {
    isLoading: false,
    misspelled: [{ word: 'mot', start: 3, end: 6, suggestions: ['mot'] }],
    isComplete: true,
  });
});

test('checks beyond spelling.max-waiting are refused at once, as a temporary failure', async (t) => {
  const spelling = service(t, { settings: { maxWaiting: 2 } });
  await spelling.load();
  const checks = ['slow:300', 'slow:300', 'slow:300', 'slow:300'].map((text) => spelling.check(text));
  const settled = await Promise.allSettled(checks);
  assert.deepEqual(
    settled.map((outcome) => outcome.status),
    ['fulfilled', 'fulfilled', 'rejected', 'rejected'],
  );
  await refused(checks[2] ?? Promise.resolve(), 'temporary', /busy \(2 checks waiting\)/);
  // Once the queue drains, checks are taken again.
  assert.equal((await spelling.check('encore')).isLoading, false);
});

test('a check that waited past spelling.timeout is not run, and fails as temporary', async (t) => {
  const spelling = service(t, { settings: { timeout: 200 } });
  await spelling.load();
  const first = spelling.check('slow:400');
  const second = spelling.check('bonjour');
  assert.equal((await first).isLoading, false);
  await refused(second, 'temporary', /took too long/);
});

test('a thread stuck past the time bound is stopped; its checks fail and the next check reloads it', async (t) => {
  const spelling = service(t, { settings: { timeout: 200 }, stuckGraceMs: 100 });
  await spelling.load();
  const started = performance.now();
  await refused(spelling.check('stuck'), 'temporary', /took too long/);
  const waited = performance.now() - started;
  assert.ok(waited >= 290 && waited < 2000, `stopped after ${Math.round(waited)} ms`);
  assert.deepEqual(await spelling.check('bonjour'), { isLoading: true });
  await spelling.load();
  assert.equal((await spelling.check('bonjour')).isLoading, false);
});

test('a thread that ends during a check fails that check; the next check loads it again', async (t) => {
  const spelling = service(t);
  await spelling.load();
  await refused(spelling.check('crash'), 'temporary', /restarted/);
  assert.deepEqual(await spelling.check('bonjour'), { isLoading: true });
});

test('a dictionary that fails to load makes checks unavailable for a while', async (t) => {
  const spelling = service(t, { data: { fails: true } });
  assert.deepEqual(await spelling.check('bonjour'), { isLoading: true });
  await refused(spelling.load(), 'unavailable', /could not be loaded/);
  await refused(spelling.check('bonjour'), 'unavailable', /could not be loaded/);
});

test('turned off, the service refuses checks and loads nothing', async (t) => {
  const spelling = service(t, { settings: { enabled: false } });
  assert.equal(spelling.isEnabled, false);
  await refused(spelling.check('bonjour'), 'forbidden', /turned off/);
  await refused(spelling.load(), 'forbidden', /off/);
});

test('a text longer than the bound is refused before it reaches the thread', async (t) => {
  const spelling = service(t);
  await spelling.load();
  await refused(spelling.check('a'.repeat(SPELLING_LIMITS.maxTextLength + 1)), 'tooBig', /20000/);
  assert.equal((await spelling.check('a'.repeat(SPELLING_LIMITS.maxTextLength))).isLoading, false);
});

test('an unused dictionary is unloaded after spelling.idle-unload, and loaded again when needed', async (t) => {
  const spelling = service(t, { settings: { idleUnload: 150 } });
  await spelling.load();
  assert.equal((await spelling.check('bonjour')).isLoading, false);
  await sleep(300);
  assert.deepEqual(await spelling.check('bonjour'), { isLoading: true });
});

test('closing fails the checks in progress and refuses new ones', async (t) => {
  const spelling = service(t);
  await spelling.load();
  const inProgress = spelling.check('slow:200');
  await spelling.close();
  await refused(inProgress, 'unavailable', /could not be loaded|try again/);
  await refused(spelling.check('bonjour'), 'unavailable', /try again/);
});
