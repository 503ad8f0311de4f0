// Log lines for a person at a terminal: `14:03:07 INFO  [worker 2] worker ready listeners=…` instead of JSON.
// Only the presentation changes: the same fields, redacted the same way, reach the same stream.

import type { DestinationStream } from 'pino';

const LEVEL_LABELS: Record<string, string> = {
  trace: 'TRACE',
  debug: 'DEBUG',
  info: 'INFO ',
  warn: 'WARN ',
  error: 'ERROR',
  fatal: 'FATAL',
};

/** Fields shown in the line's head, or not at all (pid is in the head as the process's role). */
const HEAD_FIELDS = new Set(['level', 'time', 'msg', 'pid', 'role', 'worker', 'hostname']);

/** One JSON log line as text; a line that is not JSON is passed through unchanged. */
export function formatLogLine(line: string): string {
  let record: Record<string, unknown>;
  try {
    record = JSON.parse(line) as Record<string, unknown>;
  } catch {
    return line;
  }
  const time = typeof record.time === 'string' ? record.time.slice(11, 19) : '';
  const level = LEVEL_LABELS[String(record.level)] ?? String(record.level).toUpperCase();
  const who =
    record.worker !== undefined
      ? `[worker ${String(record.worker)}] `
      : record.role
        ? `[${String(record.role)}] `
        : '';
  const fields = Object.entries(record)
    .filter(([key]) => !HEAD_FIELDS.has(key))
    .map(([key, value]) => `${key}=${showValue(value)}`);
  return `${time} ${level} ${who}${String(record.msg ?? '')}${fields.length ? ` ${fields.join(' ')}` : ''}\n`;
}

function showValue(value: unknown): string {
  if (typeof value === 'string') return /[\s"=]/.test(value) ? JSON.stringify(value) : value;
  if (value && typeof value === 'object' && 'stack' in value && typeof value.stack === 'string') {
    return `\n${value.stack}`;
  }
  return JSON.stringify(value);
}

/** A pino destination that writes formatted lines to `out` (standard output by default). */
export function textDestination(out: NodeJS.WritableStream = process.stdout): DestinationStream {
  return {
    write(line: string) {
      out.write(formatLogLine(line));
    },
  };
}
