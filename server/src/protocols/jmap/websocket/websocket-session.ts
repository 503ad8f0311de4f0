// One JMAP WebSocket connection (RFC 8887) after the upgrade: each text message is a Request (answered by a
// Response or a RequestError carrying its id), or turns push on or off (WebSocketPushEnable/Disable, then
// StateChange messages with a pushState the client may resume from). Requests run one after another, in the
// order they came; a client that sends faster than they run is bounded by MAX_QUEUED_MESSAGES.
// Security: every message is untrusted (its size bounded by the upgrade's maxPayload); the account's
// concurrent-request and push-channel bounds are those of HTTP, shared in the process.

import { JMAP_REQUEST_ERRORS, type JmapProblem } from '@vercors/contract';
import type { Logger } from '#core/log';
import { runApiRequest } from '../api-request.ts';
import type { JmapSlots } from '../jmap-service.ts';
import type { JmapPrincipal, JmapServices } from '../method-context.ts';
import { type PushedType, PUSHED_TYPES, type StateWatcher, watchStates } from '../push/state-watcher.ts';
import { parseRequest } from '../request-parse.ts';
import { SUPPORTED_CAPABILITIES } from '../session-resource.ts';

/** Messages waiting behind the one running; one more closes the connection (1008, policy violation). */
export const MAX_QUEUED_MESSAGES = 32;
/** RFC 6455 close codes used here. */
/** WebSocket connections per account, per process: a web app in a few tabs and some clients, not a flood. */
export const MAX_WEBSOCKETS_PER_ACCOUNT = 16;

export const CLOSE_CODES = { policy: 1008, goingAway: 1001, unsupported: 1003 } as const;
/** A request id is echoed back: keep it short. */
const MAX_REQUEST_ID = 256;

/** The part of a WebSocket the session writes to. */
export interface JmapSocket {
  send(text: string): void;
  close(code: number, reason: string): void;
}

export interface WebSocketSessionParts {
  readonly principal: JmapPrincipal;
  readonly services: JmapServices;
  readonly slots: JmapSlots;
  readonly log: Logger;
  readonly socket: JmapSocket;
  /** The session resource's state now (RFC 8620 §3.4 sessionState). */
  readonly sessionState: () => string;
}

export interface WebSocketSession {
  onMessage(text: string): void;
  onClose(): void;
}

type Incoming = { '@type'?: unknown; id?: unknown; dataTypes?: unknown; pushState?: unknown };

/** pushState: the states last reported, so a client reconnecting is told what moved while it was away. */
function encodePushState(states: Readonly<Record<string, string>>): string {
  return Buffer.from(JSON.stringify(states)).toString('base64url');
}

function decodePushState(value: unknown): Record<string, string> | undefined {
  if (typeof value !== 'string' || value.length > 4096) return undefined;
  try {
    const decoded: unknown = JSON.parse(Buffer.from(value, 'base64url').toString('utf8'));
    if (decoded === null || typeof decoded !== 'object' || Array.isArray(decoded)) return undefined;
    const entries = Object.entries(decoded).filter(([, state]) => typeof state === 'string');
    return Object.fromEntries(entries) as Record<string, string>;
  } catch {
    return undefined;
  }
}

export function createWebSocketSession(parts: WebSocketSessionParts): WebSocketSession {
  const { principal, services, slots, log, socket } = parts;
  const { accountId } = principal;
  const queue: string[] = [];
  let isRunning = false;
  let isClosed = false;
  let push: { watcher: StateWatcher; states: Record<string, string> } | undefined;

  const send = (message: Record<string, unknown>) => {
    if (!isClosed) socket.send(JSON.stringify(message));
  };
  const requestError = (problem: JmapProblem & { readonly limit?: string }, requestId: string | undefined) =>
    send({ '@type': 'RequestError', ...(requestId !== undefined && { requestId }), ...problem });

  const stopPush = () => {
    if (push === undefined) return;
    push.watcher.stop();
    push = undefined;
    slots.streams.give(accountId);
  };

  const startPush = async (message: Incoming) => {
    stopPush();
    const asked = Array.isArray(message.dataTypes) ? new Set(message.dataTypes) : undefined;
    const types = PUSHED_TYPES.filter((type: PushedType) => asked === undefined || asked.has(type));
    if (!slots.streams.take(accountId)) {
      requestError(
        {
          type: 'urn:vercors:error:tooManyStreams',
          status: 429,
          detail: 'Too many push channels for this account.',
        },
        undefined,
      );
      return;
    }
    const current: { watcher: StateWatcher; states: Record<string, string> } = {
      states: {},
      watcher: watchStates({
        accountId,
        types,
        mail: services.mail,
        changes: services.changes,
        contacts: services.contactsJmap,
        preferences: services.preferences,
        onChange(changed) {
          current.states = { ...current.states, ...changed };
          send({
            '@type': 'StateChange',
            changed: { [accountId]: changed },
            pushState: encodePushState(current.states),
          });
        },
        onError(error) {
          log.warn({ err: error, accountId }, 'jmap websocket push failed');
          socket.close(CLOSE_CODES.goingAway, 'push failed');
        },
      }),
    };
    push = current;
    const states = await current.watcher.start();
    current.states = { ...states };
    // Resuming: whatever moved since the pushState the client had is reported at once.
    const known = decodePushState(message.pushState);
    if (known !== undefined) {
      const moved = Object.fromEntries(
        Object.entries(states).filter(([type, state]) => known[type] !== state),
      );
      if (Object.keys(moved).length > 0)
        send({ '@type': 'StateChange', changed: { [accountId]: moved }, pushState: encodePushState(states) });
    }
  };

  const runRequest = async (text: string, requestId: string | undefined) => {
    const parsed = parseRequest(text, SUPPORTED_CAPABILITIES);
    if (!parsed.ok) return requestError(parsed.problem, requestId);
    if (!slots.running.take(accountId)) {
      return requestError(
        {
          type: JMAP_REQUEST_ERRORS.limit,
          status: 400,
          detail: 'Too many requests at once for this account.',
          limit: 'maxConcurrentRequests',
        },
        requestId,
      );
    }
    try {
      const response = await runApiRequest(parsed.request, {
        principal,
        services,
        log,
        sessionState: parts.sessionState(),
      });
      send({ '@type': 'Response', ...(requestId !== undefined && { requestId }), ...response });
    } finally {
      slots.running.give(accountId);
    }
  };

  const handle = async (text: string) => {
    let message: Incoming;
    try {
      const parsed: unknown = JSON.parse(text);
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))
        throw new Error('not an object');
      message = parsed as Incoming;
    } catch {
      return requestError(
        { type: JMAP_REQUEST_ERRORS.notJSON, status: 400, detail: 'The message is not a JSON object.' },
        undefined,
      );
    }
    const requestId =
      typeof message.id === 'string' && message.id.length <= MAX_REQUEST_ID ? message.id : undefined;
    switch (message['@type']) {
      case 'Request':
        return await runRequest(text, requestId);
      case 'WebSocketPushEnable':
        return await startPush(message);
      case 'WebSocketPushDisable':
        return stopPush();
      default:
        return requestError(
          {
            type: JMAP_REQUEST_ERRORS.notRequest,
            status: 400,
            detail: '@type must be Request, WebSocketPushEnable or WebSocketPushDisable.',
          },
          requestId,
        );
    }
  };

  const drain = async () => {
    if (isRunning) return;
    isRunning = true;
    try {
      for (let next = queue.shift(); next !== undefined && !isClosed; next = queue.shift()) {
        try {
          await handle(next);
        } catch (error) {
          // runApiRequest answers method failures itself: this is a bug or an outage.
          log.error({ err: error, accountId }, 'jmap websocket message failed');
          requestError(
            { type: 'urn:ietf:params:jmap:error:serverFail', status: 500, detail: 'Internal error.' },
            undefined,
          );
        }
      }
    } finally {
      isRunning = false;
    }
  };

  return {
    onMessage(text) {
      if (isClosed) return;
      if (queue.length >= MAX_QUEUED_MESSAGES) {
        socket.close(CLOSE_CODES.policy, 'too many messages waiting');
        return;
      }
      queue.push(text);
      void drain();
    },
    onClose() {
      isClosed = true;
      queue.length = 0;
      stopPush();
    },
  };
}
