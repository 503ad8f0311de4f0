// Which configured listeners this build serves. HTTP, HTTPS, SMTP (MX), submission (465, 587) and IMAP (143,
// 993) do; ManageSieve has settings already but arrives with the Sieve work, so it is reported (once) and left
// unbound.

import { envNameOf, formatListen, type Config, type ListenAddress } from '#core/config';
import { LISTENER_SETTINGS } from './runtime-settings.ts';

export type ListenerName = keyof typeof LISTENER_SETTINGS;

/** The listeners `vercors serve` binds today; the others are planned. */
export const SERVED_LISTENERS = [
  'http',
  'https',
  'smtp',
  'submissions',
  'submission',
  'imap',
  'imaps',
] as const satisfies readonly ListenerName[];
/** The served listeners that speak SMTP. */
export const SMTP_LISTENERS = [
  'smtp',
  'submissions',
  'submission',
] as const satisfies readonly ServedListenerName[];
export type SmtpListenerName = (typeof SMTP_LISTENERS)[number];
/** The served listeners that speak IMAP. */
export const IMAP_LISTENERS = ['imap', 'imaps'] as const satisfies readonly ServedListenerName[];
export type ImapListenerName = (typeof IMAP_LISTENERS)[number];
export type ServedListenerName = (typeof SERVED_LISTENERS)[number];

export interface PlannedListener<N extends string = ListenerName> {
  readonly name: N;
  /** `listen.http`: what an operator changes when the address is wrong. */
  readonly settingKey: string;
  readonly envName: string;
  readonly address: ListenAddress;
  /** `host:port` as the configuration writes it. */
  readonly shown: string;
}

export interface ListenerPlan {
  readonly served: readonly PlannedListener<ServedListenerName>[];
  /** Configured (not empty) but not implemented by this build. */
  readonly notServed: readonly PlannedListener[];
}

export function planListeners(config: Config): ListenerPlan {
  const values = config.get(LISTENER_SETTINGS);
  const served: PlannedListener<ServedListenerName>[] = [];
  const notServed: PlannedListener[] = [];
  for (const name of Object.keys(LISTENER_SETTINGS) as ListenerName[]) {
    const address = values[name];
    if (address === null) continue;
    const key = LISTENER_SETTINGS[name].key;
    const planned = { name, settingKey: key, envName: envNameOf(key), address, shown: formatListen(address) };
    if (isServed(name)) served.push({ ...planned, name });
    else notServed.push(planned);
  }
  return { served, notServed };
}

export function isSmtpListener(name: ServedListenerName): name is SmtpListenerName {
  return (SMTP_LISTENERS as readonly string[]).includes(name);
}

export function isImapListener(name: ServedListenerName): name is ImapListenerName {
  return (IMAP_LISTENERS as readonly string[]).includes(name);
}

function isServed(name: ListenerName): name is ServedListenerName {
  return (SERVED_LISTENERS as readonly string[]).includes(name);
}
