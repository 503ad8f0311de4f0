// One HTTP or HTTPS listening socket for the Hono app, with the lifecycle the runtime needs: bind (the
// caller turns a bind error into a message naming the setting), swap the certificate, close gracefully.
// Security: network input; bounded by the timeouts and header size of http-limits.ts.

import { getRequestListener } from '@hono/node-server';
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server as HttpServer,
  type ServerResponse,
} from 'node:http';
import { createServer as createHttpsServer, type Server as HttpsServer } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import { formatListen, type ListenAddress } from '#core/config';
import { listenOn } from '#core/listening-sockets';
import type { Logger } from '#core/log';
import {
  HEADERS_TIMEOUT_MS,
  IDLE_SWEEP_INTERVAL_MS,
  KEEP_ALIVE_TIMEOUT_MS,
  MAX_HEADER_BYTES,
  REQUEST_TIMEOUT_MS,
} from './http-limits.ts';

export interface TlsPair {
  readonly certificate: string;
  readonly privateKey: string;
}

export interface HttpListenerOptions {
  /** `http` or `https`: the name /health and the logs show. */
  readonly name: string;
  readonly address: ListenAddress;
  /** The app's fetch: `app.fetch`. */
  readonly fetch: (request: Request, env: never) => Response | Promise<Response>;
  /** Serve TLS with this pair (HTTPS); plain HTTP without it. */
  readonly tls?: TlsPair & { readonly minVersion: 'TLSv1.2' | 'TLSv1.3' };
  readonly log: Logger;
  /** Who takes `Upgrade` requests (JMAP's WebSocket); without it they are refused. */
  readonly upgrade?: UpgradeHandler;
}

/** What serves HTTP upgrades: it takes over the socket or answers with an error, and closes all on shutdown. */
export interface UpgradeHandler {
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  closeAll(): void;
}

export interface HttpListener {
  readonly name: string;
  /** `host:port`. */
  readonly address: string;
  isUp(): boolean;
  /** Bind the socket (shared by the cluster's workers). Rejects with the system error (EADDRINUSE…). */
  listen(): Promise<void>;
  /** New handshakes use this pair; connections already open keep theirs. No-op on plain HTTP. */
  setCertificate(pair: TlsPair): void;
  /**
   * Stop accepting, let requests in flight finish, close keep-alive connections as they fall idle; at
   * `graceMs` close whatever is left. Resolves with how many connections had to be cut.
   */
  close(graceMs: number): Promise<{ readonly cut: number }>;
}

export function createHttpListener(options: HttpListenerOptions): HttpListener {
  const { log, tls } = options;
  const listener = getRequestListener(options.fetch as Parameters<typeof getRequestListener>[0], {
    errorHandler: (error) => {
      log.error({ err: error }, 'http response failed');
    },
  });
  // The adapter settles every request itself (errorHandler above); Node only needs a plain callback.
  const handler = (request: IncomingMessage, response: ServerResponse) => void listener(request, response);
  const serverOptions = {
    maxHeaderSize: MAX_HEADER_BYTES,
    headersTimeout: HEADERS_TIMEOUT_MS,
    requestTimeout: REQUEST_TIMEOUT_MS,
    keepAliveTimeout: KEEP_ALIVE_TIMEOUT_MS,
  };
  const server: HttpServer | HttpsServer = tls
    ? createHttpsServer(
        { ...serverOptions, cert: tls.certificate, key: tls.privateKey, minVersion: tls.minVersion },
        handler,
      )
    : createHttpServer(serverOptions, handler);
  if (tls) {
    // A client that fails the handshake (scanner, wrong certificate trust) is not a server problem.
    server.on('tlsClientError', (error: Error) =>
      log.debug({ err: error, listener: options.name }, 'TLS handshake failed'),
    );
  }
  const address = formatListen(options.address);
  let isClosing = false;
  const { upgrade } = options;
  server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (upgrade === undefined || isClosing) {
      socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\nContent-Length: 0\r\n\r\n');
      return;
    }
    upgrade.handle(request, socket, head);
  });
  // Every socket, including TLS handshakes in progress that Node's closeAllConnections does not see.
  const sockets = new Set<Socket>();
  server.on('connection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });

  return {
    name: options.name,
    address,
    isUp: () => server.listening && !isClosing,
    listen: () => listenOn(server, options.address),
    setCertificate(pair) {
      if (!tls) return;
      (server as HttpsServer).setSecureContext({
        cert: pair.certificate,
        key: pair.privateKey,
        minVersion: tls.minVersion,
      });
    },
    close(graceMs) {
      if (isClosing || !server.listening) return Promise.resolve({ cut: 0 });
      isClosing = true;
      // Upgraded connections are the server's no more: tell them to go, as a keep-alive one is.
      upgrade?.closeAll();
      return new Promise((resolve) => {
        let cut = 0;
        const sweep = setInterval(() => server.closeIdleConnections(), IDLE_SWEEP_INTERVAL_MS);
        const deadline = setTimeout(() => {
          cut = sockets.size;
          server.closeAllConnections();
          for (const socket of sockets) socket.destroy();
        }, graceMs);
        server.close(() => {
          clearInterval(sweep);
          clearTimeout(deadline);
          resolve({ cut });
        });
        server.closeIdleConnections();
      });
    },
  };
}
