// What the side-by-side benches (bench/imap, bench/jmap) share to read their settings and report their
// figures: integer settings from the environment, percentiles, megabytes, short error texts, and the space a
// server's data takes on disk.

import { lstatSync, readdirSync } from 'node:fs';
import { join, relative } from 'node:path';

/** A positive integer from the environment, or the default. */
export function setting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isInteger(value) || value <= 0) throw new Error(`${name} must be a positive integer`);
  return value;
}

/** A duration in seconds from the environment, 0 or more (fractions allowed), else `fallback`. */
export function secondsSetting(name: string, fallback: number): number {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value < 0) throw new Error(`${name} must be a number of seconds, 0 or more`);
  return value;
}

/** The value below which `p` % of `values` fall (nearest rank); 0 for none. */
export const percentile = (values: readonly number[], p: number) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] ?? 0;
};

/** The arithmetic mean of `values`; 0 for none. */
export const mean = (values: readonly number[]) =>
  values.reduce((sum, value) => sum + value, 0) / Math.max(1, values.length);

export const mb = (bytes: number) => (bytes / 1e6).toFixed(0);

export const errorText = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).slice(0, 300);

/**
 * Bytes allocated under `folder` (a walk bounded by `maxEntries`: a spool of 100,000 message files fits the
 * default), with its largest file: a runaway WAL shows there.
 */
export function storageLine(folder: string, maxEntries = 200_000): string {
  let total = 0;
  let largest = { path: '', bytes: 0 };
  const pending = [folder];
  for (let visited = 0; pending.length > 0 && visited < maxEntries; visited++) {
    const path = pending.pop() as string;
    const info = lstatSync(path, { throwIfNoEntry: false });
    if (info === undefined) continue;
    if (info.isDirectory()) for (const name of readdirSync(path)) pending.push(join(path, name));
    const bytes = info.blocks * 512;
    total += bytes;
    if (info.isFile() && bytes > largest.bytes) largest = { path, bytes };
  }
  return `${mb(total)} MB (largest file: ${relative(folder, largest.path).slice(-60)}, ${mb(largest.bytes)} MB)`;
}
