// The shape of a `vercors` command: its name, usage, options (node:util parseArgs) and run function.
// Commands print through the context so every one of them supports --json the same way.

import type { Locale } from '@vercors/contract';
import type { Config } from '#core/config';
import type { Logger } from '#core/log';
import type { Services } from '../main.ts';

export type OptionSpec = {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  readonly multiple?: boolean;
};

export interface CliCommand {
  /** One to three words: `serve`, `user add`, `policy network add`. */
  readonly name: string;
  /** One line in each language, shown by `vercors help`. */
  readonly summary: { readonly fr: string; readonly en: string };
  /** Arguments after the command name, e.g. `<email> [--password-stdin]`. */
  readonly usage: string;
  readonly options: Readonly<Record<string, OptionSpec>>;
  readonly positionals: { readonly min: number; readonly max: number };
  run(context: CliContext): Promise<number>;
}

export interface CliContext {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | (string | boolean)[] | undefined>>;
  readonly isJson: boolean;
  readonly locale: Locale;
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly stdin: NodeJS.ReadableStream;
  /** Human text to stdout (suppressed with --json). */
  say(text: string): void;
  /** The machine-readable result, printed once with --json (ignored otherwise). */
  result(value: unknown): void;
  /**
   * Data to stdout as it is, with or without --json (an export's lines, already machine-readable); resolves
   * once the stream has taken it, so a long output waits for a slow reader instead of filling memory.
   */
  output(data: string): Promise<void>;
  /** Warnings and progress to stderr (never mixed into --json output). */
  warn(text: string): void;
  readonly log: Logger;
  /** The configuration (read once). */
  config(): Config;
  /** The opened services (store migrated on first use); closed by the dispatcher after the command. */
  services(): Promise<Services>;
}

/** Exit codes, after sysexits.h so scripts can tell a usage error from a temporary failure. */
export const EXIT = {
  ok: 0,
  failure: 1,
  usage: 64,
  notFound: 66,
  unavailable: 69,
  internal: 70,
  temporary: 75,
  config: 78,
} as const;
