// doctor: each configured listening address — free to bind, already taken (a running server?), or
// impossible (privileged port, address not on this machine) — and a note when only loopback is served.

import { createServer } from 'node:net';
import type { Locale } from '@vercors/contract';
import { formatListen, type ListenAddress } from '#core/config';
import { defineMessages } from '#core/i18n';
import type { CheckResult } from './doctor-check.ts';

const MESSAGES = defineMessages({
  fr: {
    off: '{name} : désactivé',
    free: '{name} {address} : libre',
    inUse: '{name} {address} : déjà utilisé',
    inUseFix:
      'normal si vercors serve tourne déjà ; sinon arrêtez le programme qui occupe ce port ou changez listen.{name}',
    denied: '{name} {address} : port réservé à l’administrateur',
    deniedFix:
      'autorisez node à ouvrir les ports < 1024 (setcap cap_net_bind_service=+ep) ou écoutez sur un port haut derrière un relais',
    notHere: '{name} {address} : cette adresse n’appartient pas à la machine',
    notHereFix: 'indiquez une adresse de cette machine, ou *:{port} pour toutes',
    failed: '{name} {address} : impossible d’écouter ({code})',
    failedFix: 'vérifiez listen.{name}',
    loopbackOnly:
      'seules des adresses locales (127.0.0.1, ::1) sont écoutées : les autres machines n’y accèdent pas',
    loopbackOnlyFix: 'normal derrière un relais (proxy, NAT) ; sinon écoutez sur *:993, *:465, *:443…',
  },
  en: {
    off: '{name}: off',
    free: '{name} {address}: free',
    inUse: '{name} {address}: already in use',
    inUseFix:
      'expected if vercors serve is running; otherwise stop what holds the port or change listen.{name}',
    denied: '{name} {address}: port reserved to the administrator',
    deniedFix:
      'let node bind ports below 1024 (setcap cap_net_bind_service=+ep) or listen on a high port behind a relay',
    notHere: '{name} {address}: this address does not belong to the machine',
    notHereFix: 'use an address of this machine, or *:{port} for all of them',
    failed: '{name} {address}: cannot listen ({code})',
    failedFix: 'check listen.{name}',
    loopbackOnly: 'only local addresses (127.0.0.1, ::1) are served: other machines cannot reach them',
    loopbackOnlyFix: 'expected behind a relay (proxy, NAT); otherwise listen on *:993, *:465, *:443…',
  },
});

/** 'free', or the error code that binding raised (EADDRINUSE, EACCES, EADDRNOTAVAIL…). */
export function probeListen(address: ListenAddress): Promise<'free' | string> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once('error', (error: NodeJS.ErrnoException) => resolve(error.code ?? 'error'));
    // exclusive: a cluster worker would otherwise share the primary's handle and see no conflict.
    server.listen({ host: address.host, port: address.port, exclusive: true }, () => {
      server.close(() => resolve('free'));
    });
  });
}

function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || host.startsWith('127.');
}

export async function checkListeners(
  locale: Locale,
  listeners: Readonly<Record<string, ListenAddress | null>>,
  hostname: string,
): Promise<CheckResult[]> {
  const t = (key: (typeof MESSAGES.keys)[number], params: Record<string, string | number> = {}) =>
    MESSAGES.t(locale, key, params);
  const results: CheckResult[] = [];
  const add = (status: CheckResult['status'], message: string, fix?: string) =>
    results.push({ area: 'listeners', status, message, ...(fix !== undefined && { fix }) });

  const active = Object.entries(listeners).filter(
    (entry): entry is [string, ListenAddress] => entry[1] !== null,
  );
  for (const [name, value] of Object.entries(listeners)) {
    if (value === null) {
      add('ok', t('off', { name }));
      continue;
    }
    const params = { name, address: formatListen(value), port: value.port };
    const outcome = await probeListen(value);
    if (outcome === 'free') add('ok', t('free', params));
    else if (outcome === 'EADDRINUSE') add('warn', t('inUse', params), t('inUseFix', params));
    else if (outcome === 'EACCES') add('fail', t('denied', params), t('deniedFix', params));
    else if (outcome === 'EADDRNOTAVAIL' || outcome === 'ENOTFOUND')
      add('fail', t('notHere', params), t('notHereFix', params));
    else add('fail', t('failed', { ...params, code: outcome }), t('failedFix', params));
  }
  // With a public host name, loopback-only listeners mean a relay in front, or a mistake worth pointing out.
  if (hostname !== 'localhost' && active.length > 0 && active.every(([, value]) => isLoopback(value.host))) {
    add('warn', t('loopbackOnly'), t('loopbackOnlyFix'));
  }
  return results;
}
