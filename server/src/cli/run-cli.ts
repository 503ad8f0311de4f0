// The `vercors` dispatcher: find the command in the table, parse its options, run it, map failures to
// a message in the user's language and a sysexits-style exit code. Errors are caught here, once.

import { parseArgs } from 'node:util';
import type { Locale } from '@vercors/contract';
import type { Config } from '#core/config';
import { ConfigError, DomainError, StoreError } from '#core/errors';
import { localeFromEnvironment } from '#core/i18n';
import { newIncidentId } from '#core/ids';
import { createLogger, type Logger } from '#core/log';
import type { Services } from '../main.ts';
import { readConfig } from '../read-config.ts';
import { CLI_MESSAGES } from './cli-messages.ts';
import { EXIT, type CliContext } from './cli-command.ts';
import { COMMANDS, MAX_COMMAND_WORDS, type CommandEntry } from './command-table.ts';
import { describeDomainError } from './describe-domain-error.ts';

export interface CliIo {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  readonly stdout: NodeJS.WritableStream;
  readonly stderr: NodeJS.WritableStream;
}

const GLOBAL_OPTIONS = {
  json: { type: 'boolean' },
  data: { type: 'string' },
  config: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const locale = localeFromEnvironment(io.env);
  const t = (key: Parameters<typeof CLI_MESSAGES.t>[1], params?: Record<string, string | number>) =>
    CLI_MESSAGES.t(locale, key, params);
  const write = (stream: NodeJS.WritableStream, text: string) =>
    stream.write(text.endsWith('\n') ? text : `${text}\n`);

  const entry = findCommand(argv);
  if (!entry) {
    const first = argv.find((word) => !word.startsWith('-'));
    if (first === undefined || first === 'help' || argv.includes('--help') || argv.includes('-h')) {
      write(io.stdout, await helpText(locale));
      return first === undefined && !argv.includes('--help') ? EXIT.usage : EXIT.ok;
    }
    write(io.stderr, t('unknownCommand', { command: argv.filter((w) => !w.startsWith('-')).join(' ') }));
    return EXIT.usage;
  }
  const command = await entry.load();
  const rest = argv.slice(command.name.split(' ').length);

  let parsed: ReturnType<typeof parseArgs>;
  try {
    parsed = parseArgs({
      args: [...rest],
      options: { ...GLOBAL_OPTIONS, ...command.options },
      allowPositionals: true,
      strict: true,
    });
  } catch (error) {
    write(
      io.stderr,
      t('badUsage', { problem: (error as Error).message, command: command.name, usage: command.usage }),
    );
    return EXIT.usage;
  }
  if (parsed.values.help) {
    write(io.stdout, `vercors ${command.name} ${command.usage}\n  ${command.summary[locale]}`);
    return EXIT.ok;
  }
  const { min, max } = command.positionals;
  if (parsed.positionals.length < min || parsed.positionals.length > max) {
    const expected = min === max ? String(min) : `${min}–${max}`;
    write(
      io.stderr,
      t('badUsage', {
        problem: t('wrongArgumentCount', { expected }),
        command: command.name,
        usage: command.usage,
      }),
    );
    return EXIT.usage;
  }

  const isJson = parsed.values.json === true;
  const env = { ...io.env };
  if (typeof parsed.values.data === 'string') env.VERCORS_DATA = parsed.values.data;
  if (typeof parsed.values.config === 'string') env.VERCORS_CONFIG = parsed.values.config;

  let config: Config | undefined;
  let services: Services | undefined;
  let log: Logger | undefined;
  const results: unknown[] = [];
  const getConfig = (): Config => {
    if (!config) {
      config = readConfig(env);
      for (const warning of config.warnings) write(io.stderr, t('configWarning', { warning }));
    }
    return config;
  };
  // Commands log to stderr as JSON only at warn and above; `serve` builds its own logger.
  const getLog = (): Logger => {
    log ??= createLogger({ level: 'warn', destination: io.stderr as never });
    return log;
  };
  const context: CliContext = {
    positionals: parsed.positionals,
    options: parsed.values,
    isJson,
    locale,
    env,
    stdin: io.stdin,
    say: (text) => {
      if (!isJson) write(io.stdout, text);
    },
    result: (value) => {
      results.push(value);
    },
    output: (data) =>
      new Promise<void>((resolve, reject) => {
        io.stdout.write(data, (error) => (error ? reject(error) : resolve()));
      }),
    warn: (text) => write(io.stderr, text),
    get log() {
      return getLog();
    },
    config: getConfig,
    services: async () => {
      if (!services) {
        // Imported on first use: the store, the domain and the protocols are for the commands that need them.
        const { openServices } = await import('../main.ts');
        services = await openServices(getConfig(), getLog());
      }
      return services;
    },
  };

  try {
    const code = await command.run(context);
    if (isJson && results.length > 0)
      write(io.stdout, JSON.stringify(results.length === 1 ? results[0] : results, null, 2));
    return code;
  } catch (error) {
    return reportFailure(error, locale, (text) => write(io.stderr, text), isJson ? io.stdout : undefined);
  } finally {
    await services?.close();
  }
}

function reportFailure(
  error: unknown,
  locale: Locale,
  say: (text: string) => void,
  jsonOut: NodeJS.WritableStream | undefined,
): number {
  const t = (key: Parameters<typeof CLI_MESSAGES.t>[1], params?: Record<string, string | number>) =>
    CLI_MESSAGES.t(locale, key, params);
  const json = (value: unknown) => jsonOut?.write(`${JSON.stringify({ error: value }, null, 2)}\n`);
  if (error instanceof ConfigError) {
    say(t('configInvalid', { count: error.problems.length }));
    for (const problem of error.problems) say(`  - ${problem}`);
    json({ code: 'config', problems: error.problems });
    return EXIT.config;
  }
  if (error instanceof DomainError) {
    say(describeDomainError(error, locale));
    json({ code: error.code, message: error.message, details: error.details });
    return error.code === 'notFound'
      ? EXIT.notFound
      : error.code === 'temporary'
        ? EXIT.temporary
        : EXIT.failure;
  }
  if (error instanceof StoreError && (error.code === 'unavailable' || error.code === 'busy')) {
    say(t('storeUnavailable', { message: error.message }));
    json({ code: error.code, message: error.message });
    return EXIT.temporary;
  }
  const incident = newIncidentId();
  say(t('internalError', { incident }));
  say(`[${incident}] ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`);
  json({ code: 'internal', incident });
  return EXIT.internal;
}

/** The longest command name that matches the leading words of argv (`policy network add` before `policy`). */
function findCommand(argv: readonly string[]): CommandEntry | undefined {
  for (let length = Math.min(MAX_COMMAND_WORDS, argv.length); length > 0; length--) {
    const name = argv.slice(0, length).join(' ');
    const entry = COMMANDS.find((c) => c.name === name);
    if (entry) return entry;
  }
  return undefined;
}

/** Every command with its summary: the one place that loads every command's module. */
async function helpText(locale: Locale): Promise<string> {
  const commands = await Promise.all(COMMANDS.map((entry) => entry.load()));
  const width = Math.max(...commands.map((c) => c.name.length));
  const lines = [
    CLI_MESSAGES.t(locale, 'usageHeader'),
    '',
    CLI_MESSAGES.t(locale, 'commandsHeader'),
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary[locale]}`),
    '',
    CLI_MESSAGES.t(locale, 'globalOptions'),
  ];
  return lines.join('\n');
}
