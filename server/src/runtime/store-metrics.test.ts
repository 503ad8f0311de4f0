import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createMetricsRegistry } from '#core/metrics';
import type { WriteLockObserver } from '#store';
import { registerWriteLockMetrics } from './store-metrics.ts';

test('SQLite write lock times become two histograms; PostgreSQL has none', async () => {
  const registry = createMetricsRegistry();
  let observer: WriteLockObserver | undefined;
  registerWriteLockMetrics(registry, {
    observeWriteLock: (given) => {
      observer = given;
    },
  });
  assert.ok(observer !== undefined, 'the metrics observe the lock');
  observer(0.003, 0.0004);
  observer(0.0001, 0.02);
  const families = await registry.collect();
  const sample = (name: string, suffix: string, le?: string) =>
    families
      .find((family) => family.name === name)
      ?.samples.find((entry) => entry.suffix === suffix && (le === undefined || entry.labels.le === le))
      ?.value;
  assert.equal(sample('vercors_store_write_lock_wait_seconds', '_count'), 2);
  assert.equal(sample('vercors_store_write_lock_wait_seconds', '_sum'), 0.0031);
  assert.equal(sample('vercors_store_write_lock_wait_seconds', '_bucket', '0.0005'), 1);
  assert.equal(sample('vercors_store_write_lock_held_seconds', '_bucket', '0.0005'), 1);
  assert.equal(sample('vercors_store_write_lock_held_seconds', '_bucket', '0.01'), 1);
  assert.equal(sample('vercors_store_write_lock_held_seconds', '_bucket', '0.025'), 2);

  const postgres = createMetricsRegistry();
  registerWriteLockMetrics(postgres, {});
  assert.deepEqual(
    (await postgres.collect()).filter((family) => family.name.startsWith('vercors_store_')),
    [],
  );
});
