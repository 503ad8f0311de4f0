// Events per key over a sliding time window, in memory, with a bound on how many keys are tracked: the
// small limiter behind rate limits and login throttling (per IP, per account, per sender). Each key keeps
// two fixed-window counts and weighs the previous one by how much of it still overlaps the window.

import type { Clock } from './clock.ts';

export interface WindowCounter {
  /** Count one event (or `amount`) for `key` now; returns the count over the window, this one included. */
  add(key: string, amount?: number): number;
  /** The count over the window, without adding. */
  count(key: string): number;
  /** Forget `key` (a successful login clears its failures). */
  reset(key: string): void;
  /** How many keys are tracked now. */
  readonly size: number;
}

interface Slot {
  windowStart: number;
  current: number;
  previous: number;
}

export function createWindowCounter(options: {
  readonly windowMs: number;
  /** Past this many keys the least recently used go first: memory stays bounded under a flood of sources. */
  readonly maxKeys: number;
  readonly clock: Clock;
}): WindowCounter {
  const { windowMs, maxKeys, clock } = options;
  // A Map iterates in insertion order: re-inserting on use makes the first key the least recently used.
  const slots = new Map<string, Slot>();
  /** The key inserted last: its slot is already last, and a per-session counter's one key always is. */
  let newest: string | undefined;

  /** The slot counting now for a key whose stored slot is `found`: `found` itself while its window lasts. */
  const current = (found: Slot | undefined, now: number): Slot => {
    const start = now - (now % windowMs);
    if (found === undefined) return { windowStart: start, current: 0, previous: 0 };
    if (found.windowStart === start) return found;
    const isAdjacent = found.windowStart === start - windowMs;
    return { windowStart: start, current: 0, previous: isAdjacent ? found.current : 0 };
  };

  const weighted = (slot: Slot, now: number) => {
    const overlap = 1 - (now - slot.windowStart) / windowMs;
    return slot.current + slot.previous * overlap;
  };

  return {
    add(key, amount = 1) {
      const now = clock.nowMs();
      const found = slots.get(key);
      const slot = current(found, now);
      slot.current += amount;
      // Moving a key to the end costs a delete and an insert, and the Map's table fills with deleted entries
      // it must compact: not done when the key is the last one already, with this very slot.
      if (key !== newest || found !== slot) {
        slots.delete(key);
        slots.set(key, slot);
        newest = key;
      }
      while (slots.size > maxKeys) {
        const oldest = slots.keys().next().value;
        if (oldest === undefined) break;
        slots.delete(oldest);
      }
      return weighted(slot, now);
    },
    count(key) {
      const found = slots.get(key);
      if (found === undefined) return 0;
      const now = clock.nowMs();
      return weighted(current(found, now), now);
    },
    reset(key) {
      slots.delete(key);
      if (key === newest) newest = undefined;
    },
    get size() {
      return slots.size;
    },
  };
}
