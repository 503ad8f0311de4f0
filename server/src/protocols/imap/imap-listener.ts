// One IMAP listening socket: 143 with STARTTLS, or 993 with implicit TLS. We accept sockets ourselves to count
// them per IP and in total before any byte is read, do the implicit TLS handshake with the current
// certificate, and on shutdown say BYE to every session, letting a command in progress finish first.
// Security: network input; connection bounds in settings.ts, every other bound in session-limits.ts and
// wire/limits.ts.

import { createServer, type Server, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { formatListen, type ListenAddress } from '#core/config';
import { boundPort, handshakeImplicitTls, ListenerSockets, listenOn } from '#core/listening-sockets';
import type { ImapContext } from './imap-context.ts';
import { ImapSession } from './session.ts';
import { TLS_HANDSHAKE_MS } from './session-limits.ts';

export type ImapListenerKind = 'imap' | 'imaps';

export interface ImapTls {
  /** The context for a new handshake (follows certificate reloads). */
  current(): SecureContext;
  readonly sniCallback: (
    servername: string,
    callback: (error: Error | null, context?: SecureContext) => void,
  ) => void;
}

export interface ImapListener {
  readonly name: ImapListenerKind;
  readonly address: string;
  isUp(): boolean;
  listen(): Promise<void>;
  /** Handshakes use tls.current(), which follows reloads: nothing to do here. */
  setCertificate(pair: { readonly certificate: string; readonly privateKey: string }): void;
  /** BYE to every session (after its command in progress), close the rest at `graceMs`. */
  close(graceMs: number): Promise<{ readonly cut: number }>;
  port(): number;
}

export function createImapListener(options: {
  readonly kind: ImapListenerKind;
  readonly address: ListenAddress;
  readonly context: ImapContext;
  readonly tls: ImapTls | undefined;
}): ImapListener {
  const { kind, context, tls } = options;
  const { log, metrics, settings } = context;
  const isImplicitTls = kind === 'imaps';
  const sockets = new ListenerSockets(() => settings);
  const sessions = new Set<ImapSession>();
  let isDraining = false;

  const startSession = (socket: Socket, isTls: boolean) => {
    const session = new ImapSession({
      socket,
      context,
      isTls,
      startTls: tls && !isTls ? () => tls.current() : undefined,
      onClose: () => sessions.delete(session),
    });
    sessions.add(session);
    session.start();
  };

  const refuse = (socket: Socket, text: string) => {
    // Implicit TLS: nothing readable can be said before the handshake.
    if (isImplicitTls) socket.destroy();
    else socket.end(`* BYE ${text}\r\n`);
  };

  const accept = (socket: Socket) => {
    socket.on('error', (error) => log.debug({ err: error, listener: kind }, 'imap socket error'));
    const admission = sockets.admit(socket);
    metrics.connections.inc({ listener: kind });
    socket.once('close', () => metrics.connections.inc({ listener: kind }, -1));
    if (isDraining) return refuse(socket, 'Server shutting down, try again later');
    if (admission === 'total') return refuse(socket, 'Too many connections, try again later');
    if (admission === 'perIp') return refuse(socket, 'Too many connections from your address');
    if (!isImplicitTls) return startSession(socket, false);
    if (tls === undefined) return socket.destroy();
    const implicitTls = {
      secureContext: tls.current(),
      sniCallback: tls.sniCallback,
      timeoutMs: TLS_HANDSHAKE_MS,
    };
    handshakeImplicitTls(socket, implicitTls, {
      onFailure: (error) => log.debug({ err: error, listener: kind }, 'TLS handshake failed'),
      onSecure: (secure) => {
        if (isDraining) return secure.destroy();
        startSession(secure as unknown as Socket, true);
      },
    });
  };

  const server: Server = createServer({ noDelay: true }, accept);

  return {
    name: kind,
    address: formatListen(options.address),
    isUp: () => server.listening && !isDraining,
    port: () => boundPort(server),
    listen: () => listenOn(server, options.address),
    setCertificate() {},
    close(graceMs) {
      if (isDraining) return Promise.resolve({ cut: 0 });
      isDraining = true;
      for (const session of sessions) session.shutDown();
      return sockets
        .drain(graceMs)
        .then((cut) => new Promise((resolve) => server.close(() => resolve({ cut }))));
    },
  };
}
