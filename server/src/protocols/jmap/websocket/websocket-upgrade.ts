// The JMAP WebSocket endpoint (RFC 8887): an HTTP upgrade on /jmap/ws, authenticated like every JMAP request,
// with the `jmap` subprotocol required, then one websocket-session.ts per connection. Pings keep idle
// connections alive through proxies and find dead peers.
// Security: browsers do not apply CORS to WebSockets, so an upgrade whose Origin is not this server's own is
// refused (cross-site WebSocket hijacking); messages are bounded by maxSizeRequest (larger: close 1009).

import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { type WebSocket, WebSocketServer } from 'ws';
import type { ClientAddressResolver } from '#core/client-address';
import type { Logger } from '#core/log';
import { authRefusal } from '../auth-refusal.ts';
import type { JmapAuthenticator } from '../jmap-auth.ts';
import { JMAP_CORE_LIMITS } from '../jmap-limits.ts';
import type { JmapSlots } from '../jmap-service.ts';
import type { JmapServices } from '../method-context.ts';
import { JMAP_PATHS, sessionState } from '../session-resource.ts';
import { CLOSE_CODES, createWebSocketSession } from './websocket-session.ts';

/** A connection that answers no ping within this time is dropped. */
export const PING_INTERVAL_MS = 30_000;

/** What an HTTP listener calls for an `Upgrade` request, and on shutdown. */
export interface UpgradeHandler {
  /** Take over the socket, or answer it with an HTTP error and close it. */
  handle(request: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Close every WebSocket (1001, going away). */
  closeAll(): void;
}

export interface JmapWebSocketOptions {
  readonly services: JmapServices;
  readonly authenticator: JmapAuthenticator;
  readonly slots: JmapSlots;
  readonly log: Logger;
  /** The client's address from the socket peer and X-Forwarded-For (`http.trusted-proxies`). */
  readonly clientAddress: ClientAddressResolver;
}

function refuse(socket: Duplex, status: string, headers: Readonly<Record<string, string>> = {}): void {
  const lines = Object.entries(headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(`HTTP/1.1 ${status}\r\nConnection: close\r\nContent-Length: 0\r\n${lines.join('')}\r\n`);
}

function forwardedFor(request: IncomingMessage): string | undefined {
  const header = request.headers['x-forwarded-for'];
  return Array.isArray(header) ? header.join(',') : header;
}

/** Where the client reached us, as http(s)://host: the origin its own pages would have. */
function ownOrigin(request: IncomingMessage): string {
  const isTls = 'encrypted' in request.socket && request.socket.encrypted === true;
  return `${isTls ? 'https' : 'http'}://${request.headers.host ?? 'localhost'}`;
}

export function createJmapWebSocket(options: JmapWebSocketOptions): UpgradeHandler {
  const { services, authenticator, slots, log } = options;
  const server = new WebSocketServer({
    noServer: true,
    maxPayload: JMAP_CORE_LIMITS.maxSizeRequest,
    perMessageDeflate: false,
    handleProtocols: (protocols) => (protocols.has('jmap') ? 'jmap' : false),
  });
  const alive = new WeakSet<WebSocket>();
  const pinger = setInterval(() => {
    for (const client of server.clients) {
      if (!alive.has(client)) {
        client.terminate();
        continue;
      }
      alive.delete(client);
      client.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();

  const accept = async (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    const path = new URL(request.url ?? '/', 'http://localhost').pathname;
    if (path !== JMAP_PATHS.webSocket) return refuse(socket, '404 Not Found');
    const origin = request.headers.origin;
    if (origin !== undefined && origin !== ownOrigin(request)) return refuse(socket, '403 Forbidden');
    const protocols = String(request.headers['sec-websocket-protocol'] ?? '').split(',');
    if (!protocols.some((protocol) => protocol.trim() === 'jmap')) return refuse(socket, '400 Bad Request');
    // The upgrade is a GET: a session cookie alone is enough, the Origin check above stands in for CSRF.
    const result = await authenticator.authenticate({
      authorization: request.headers.authorization,
      cookie: request.headers.cookie,
      csrfToken: undefined,
      isSafeMethod: true,
      remoteAddress: options.clientAddress(request.socket.remoteAddress, forwardedFor(request)),
    });
    if (!result.ok) {
      const refusal = authRefusal(result.reason);
      const status = { 401: '401 Unauthorized', 403: '403 Forbidden', 429: '429 Too Many Requests' }[
        refusal.status
      ];
      return refuse(socket, status, refusal.headers);
    }
    const { principal } = result;
    const sessionOrigin = ownOrigin(request);
    server.handleUpgrade(request, socket, head, (client) => {
      // Taken once the upgrade succeeded, so a failed handshake never holds one.
      if (!slots.sockets.take(principal.accountId)) {
        client.close(CLOSE_CODES.policy, 'too many connections for this account');
        return;
      }
      alive.add(client);
      client.on('pong', () => alive.add(client));
      const session = createWebSocketSession({
        principal,
        services,
        slots,
        log,
        socket: { send: (text) => client.send(text), close: (code, reason) => client.close(code, reason) },
        sessionState: () => sessionState(principal, sessionOrigin),
      });
      client.on('message', (data, isBinary) => {
        if (isBinary) {
          client.close(CLOSE_CODES.unsupported, 'JMAP messages are text');
          return;
        }
        session.onMessage(
          Buffer.isBuffer(data) ? data.toString('utf8') : Buffer.concat(data as Buffer[]).toString('utf8'),
        );
      });
      client.on('close', () => {
        slots.sockets.give(principal.accountId);
        session.onClose();
      });
      client.on('error', (error) =>
        log.debug({ err: error, accountId: principal.accountId }, 'jmap websocket error'),
      );
    });
  };

  return {
    handle(request, socket, head) {
      socket.on('error', () => socket.destroy());
      accept(request, socket, head).catch((error: unknown) => {
        log.error({ err: error }, 'jmap websocket upgrade failed');
        refuse(socket, '500 Internal Server Error');
      });
    },
    closeAll() {
      clearInterval(pinger);
      for (const client of server.clients) client.close(CLOSE_CODES.goingAway, 'server shutting down');
    },
  };
}
