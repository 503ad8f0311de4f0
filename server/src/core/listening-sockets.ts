// What every listener of ours (SMTP, IMAP, HTTP) does with the sockets it accepts before a protocol sees them:
// bind and report a bind error, count connections in total and per address before any byte is read, do an
// implicit TLS handshake within a time limit, and on shutdown wait for the sockets to leave, cutting the rest
// at the grace period.

import type { Server, Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';

/** Bind `server`; rejects with the bind error (EADDRINUSE, EACCES) for the caller to name the setting. */
export function listenOn(
  server: Server,
  address: { readonly host: string; readonly port: number },
): Promise<void> {
  return new Promise((resolve, reject) => {
    const onError = (error: Error) => {
      server.off('listening', onListening);
      reject(error);
    };
    const onListening = () => {
      server.off('error', onError);
      resolve();
    };
    server.once('error', onError);
    server.once('listening', onListening);
    server.listen({ host: address.host, port: address.port });
  });
}

/** The port `server` is bound to (0 before listen). */
export function boundPort(server: Server): number {
  const bound = server.address();
  return typeof bound === 'object' && bound !== null ? bound.port : 0;
}

export interface ConnectionLimits {
  readonly maxConnections: number;
  readonly maxConnectionsPerIp: number;
}

/** Why a connection was refused, or 'ok'. */
export type Admission = 'ok' | 'total' | 'perIp';

/** The open sockets of one listener, in total and per remote address. */
export class ListenerSockets {
  readonly #sockets = new Set<Socket>();
  readonly #perIp = new Map<string, number>();
  /** Read at each connection: a configuration reload takes effect for the next one. */
  readonly #limits: () => ConnectionLimits;

  constructor(limits: () => ConnectionLimits) {
    this.#limits = limits;
  }

  get size(): number {
    return this.#sockets.size;
  }

  /** Counts `socket` until it closes (refused or not), and says whether it is over a limit. */
  admit(socket: Socket): Admission {
    const ip = socket.remoteAddress ?? 'unknown';
    this.#sockets.add(socket);
    this.#perIp.set(ip, (this.#perIp.get(ip) ?? 0) + 1);
    socket.once('close', () => {
      this.#sockets.delete(socket);
      const left = (this.#perIp.get(ip) ?? 1) - 1;
      if (left <= 0) this.#perIp.delete(ip);
      else this.#perIp.set(ip, left);
    });
    const limits = this.#limits();
    if (this.#sockets.size > limits.maxConnections) return 'total';
    if ((this.#perIp.get(ip) ?? 0) > limits.maxConnectionsPerIp) return 'perIp';
    return 'ok';
  }

  /**
   * Resolves once every socket has closed (checked every 50 ms), or at `graceMs` destroys those left; resolves
   * with how many were cut. The caller has asked its sessions to finish first.
   */
  drain(graceMs: number): Promise<number> {
    return new Promise((resolve) => {
      let isFinished = false;
      const finish = (cut: number) => {
        if (isFinished) return;
        isFinished = true;
        clearInterval(poll);
        clearTimeout(deadline);
        resolve(cut);
      };
      const poll = setInterval(() => {
        if (this.#sockets.size === 0) finish(0);
      }, 50);
      const deadline = setTimeout(() => {
        const cut = this.#sockets.size;
        for (const socket of this.#sockets) socket.destroy();
        finish(cut);
      }, graceMs);
      if (this.#sockets.size === 0) finish(0);
    });
  }
}

export interface ImplicitTls {
  readonly secureContext: SecureContext;
  readonly sniCallback: (
    servername: string,
    callback: (error: Error | null, context?: SecureContext) => void,
  ) => void;
  /** The handshake must finish within this, or the socket is destroyed: a silent client holds no slot. */
  readonly timeoutMs: number;
}

/** The server side of an implicit TLS handshake (993, 465) on an accepted socket. */
export function handshakeImplicitTls(
  socket: Socket,
  tls: ImplicitTls,
  handlers: { readonly onSecure: (secure: TLSSocket) => void; readonly onFailure: (error: Error) => void },
): void {
  const secure = new TLSSocket(socket, {
    isServer: true,
    secureContext: tls.secureContext,
    SNICallback: tls.sniCallback,
  });
  const timer = setTimeout(() => secure.destroy(), tls.timeoutMs);
  secure.once('error', (error) => {
    clearTimeout(timer);
    handlers.onFailure(error);
    socket.destroy();
  });
  secure.once('secure', () => {
    clearTimeout(timer);
    handlers.onSecure(secure);
  });
}
