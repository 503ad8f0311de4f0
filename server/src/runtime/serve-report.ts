// The lines `vercors serve` prints for a person: where to point a browser, the demo logins the first
// time, and why the node could not start. Texts live in serve-messages.ts (French first).

import { PROFILE_CATEGORIES, type Locale, type ProfileCategory } from '@vercors/contract';
import { envNameOf, formatListen } from '#core/config';
import { categoryLabel } from '../cli/account-labels.ts';
import { EXIT } from '../cli/cli-command.ts';
import type { ListenerPlan, PlannedListener } from './listener-plan.ts';
import { SERVE_MESSAGES } from './serve-messages.ts';
import type { PoolFatal } from './worker-pool.ts';

/** What demo seeding reports the first time (the shape of demo/index.ts's DemoSeedResult). */
export interface DemoLogins {
  readonly domain: string;
  readonly logins: readonly { readonly email: string; readonly password: string; readonly role: string }[];
  readonly loginsFile: string;
  readonly mail?: { readonly stored: number; readonly error?: string };
}

/** Bind errors an operator can act on, each with its own explanation. */
const LISTEN_REASONS = {
  EADDRINUSE: 'reasonInUse',
  EACCES: 'reasonDenied',
  EPERM: 'reasonDenied',
  EADDRNOTAVAIL: 'reasonNotLocal',
} as const;

/** Where to point a browser: printed on every start, once every worker is ready. */
export function printReady(options: {
  readonly plan: ListenerPlan;
  readonly hostname: string;
  readonly locale: Locale;
  readonly say: (text: string) => void;
}): void {
  const { plan, hostname, locale, say } = options;
  const t = SERVE_MESSAGES.t;
  const http = plan.served.find((l) => l.name === 'http');
  const https = plan.served.find((l) => l.name === 'https');
  const first = http ?? https;
  if (!first) say(t(locale, 'readyWithoutWeb'));
  else say(t(locale, 'ready', { url: webUrl(first, hostname) }));
  if (http && https) say(t(locale, 'readyHttps', { url: webUrl(https, hostname) }));
}

/**
 * The demo logins, the first time only: printed as soon as they exist (before the workers start), so a
 * start that fails later (a taken port) does not swallow the only time they are shown.
 */
export function printDemoLogins(demo: DemoLogins, locale: Locale, say: (text: string) => void): void {
  say(SERVE_MESSAGES.t(locale, 'demoCreated', { domain: demo.domain, file: demo.loginsFile }));
  for (const login of demo.logins) {
    say(SERVE_MESSAGES.t(locale, 'demoLogin', { ...login, role: demoRoleLabel(login.role, locale) }));
  }
}

/** The demo's roles are the administrator and one person per staff category. */
function demoRoleLabel(role: string, locale: Locale): string {
  if (role === 'admin') return SERVE_MESSAGES.t(locale, 'demoAdministrator');
  return (PROFILE_CATEGORIES as readonly string[]).includes(role)
    ? categoryLabel(locale, role as ProfileCategory)
    : role;
}

/** `http://127.0.0.1:8080/`; a wildcard address is shown with the host name, which is what users type. */
export function webUrl(listener: PlannedListener, hostname: string): string {
  const scheme = listener.name === 'https' ? 'https' : 'http';
  const isWildcard = listener.address.host === '0.0.0.0' || listener.address.host === '::';
  const host = isWildcard ? { host: hostname, port: listener.address.port } : listener.address;
  return `${scheme}://${formatListen(host)}/`;
}

export function describeFatal(fatal: PoolFatal, locale: Locale): { text: string; exitCode: number } {
  const t = SERVE_MESSAGES.t;
  if (fatal.kind === 'startup') {
    return {
      text: t(locale, 'workersCannotStart', { worker: fatal.slot, count: fatal.failures }),
      exitCode: EXIT.unavailable,
    };
  }
  const problem = fatal.fatal;
  if (problem.reason === 'config') {
    return {
      text: [
        t(locale, 'workerConfigInvalid', { count: problem.problems.length }),
        ...problem.problems.map((p) => `  - ${p}`),
      ].join('\n'),
      exitCode: EXIT.config,
    };
  }
  const reasonKey = LISTEN_REASONS[problem.code as keyof typeof LISTEN_REASONS];
  const reason = reasonKey ? t(locale, reasonKey) : t(locale, 'reasonOther', { code: problem.code });
  return {
    text: t(locale, 'listenFailed', {
      address: problem.address,
      setting: problem.settingKey,
      env: envNameOf(problem.settingKey),
      reason,
    }),
    exitCode: EXIT.unavailable,
  };
}
