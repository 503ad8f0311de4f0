// vercors serve [--demo] [--workers N]: run the server until SIGTERM. The runtime (runtime/serve-primary.ts)
// does the work, demo seeding included; this file reads the flags.

import { PROCESS_SETTINGS } from '../../runtime/runtime-settings.ts';
import { runServe } from '../../runtime/serve-primary.ts';
import { EXIT, type CliCommand } from '../cli-command.ts';
import { CLI_MESSAGES } from '../cli-messages.ts';

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: {
    fr: 'Démarrer le serveur (un processus par cœur) ; --demo crée une académie fictive au premier lancement',
    en: 'Start the server (one process per core); --demo creates a fictional académie on first run',
  },
  usage: '[--demo] [--workers N]',
  options: {
    demo: { type: 'boolean' },
    workers: { type: 'string' },
  },
  positionals: { min: 0, max: 0 },
  async run(context) {
    let workers: number | undefined;
    if (typeof context.options.workers === 'string') {
      try {
        // The same rule as the `workers` setting: 0 (one per core) to 256.
        workers = PROCESS_SETTINGS.workers.parse(context.options.workers);
      } catch (error) {
        context.warn(
          CLI_MESSAGES.t(context.locale, 'badUsage', {
            problem: `--workers ${(error as Error).message}`,
            command: serveCommand.name,
            usage: serveCommand.usage,
          }),
        );
        return EXIT.usage;
      }
    }
    // Read once here so its warnings and problems are reported like every other command's.
    context.config();
    return runServe({
      env: context.env,
      workers,
      locale: context.locale,
      say: (text) => context.say(text),
      warn: (text) => context.warn(text),
      isDemo: context.options.demo === true,
    });
  },
};
