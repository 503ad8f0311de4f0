// Structured JSON logs (pino). Secrets are redacted by field name wherever they appear,
// so a careless `log.info({ req })` cannot leak a password or a token.

import { pino, type Logger, type DestinationStream } from 'pino';

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
}

export function createLogger(options: LogOptions = {}): Logger {
  return pino(
    {
      level: options.level ?? 'info',
      base: options.base ?? { pid: process.pid },
      redact: { paths: REDACT_PATHS, censor: '[redacted]' },
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
    },
    options.destination ?? pino.destination({ fd: 1, sync: false }),
  );
}

/** A logger that drops everything (CLI commands that print for humans, tests). */
export function silentLogger(): Logger {
  return pino({ level: 'silent' });
}
