// Structured JSON logs (pino). Secrets are redacted by field name wherever they appear,
// so a careless `log.info({ req })` cannot leak a password or a token.

import { pino, type DestinationStream, type Logger } from 'pino';
import { textDestination } from './log-text.ts';

export type { Logger };

/** Field names whose values never reach a log line. */
const REDACTED_FIELDS = [
  'password',
  'newPassword',
  'passwordHash',
  'secret',
  'token',
  'authorization',
  'cookie',
  'privateKey',
  'key',
  'databaseUrl',
];

const REDACT_PATHS = REDACTED_FIELDS.flatMap((field) => [field, `*.${field}`, `*.*.${field}`]);

export interface LogOptions {
  level?: string;
  /** Where lines go; standard output by default. Tests pass a buffer. */
  destination?: DestinationStream;
  base?: Record<string, unknown>;
  /** `text` for a person at a terminal; `auto` picks text when standard output is a terminal. */
  format?: LogFormat;
}

export type LogFormat = 'auto' | 'json' | 'text';

export function createLogger(options: LogOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? defaultDestination(options.format ?? 'json'),
  );
}

function defaultDestination(format: LogFormat): DestinationStream {
  const isText = format === 'text' || (format === 'auto' && process.stdout.isTTY === true);
  return isText ? textDestination() : pino.destination({ fd: 1, sync: false });
}

/** A logger that drops everything (CLI commands that print for humans, tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
