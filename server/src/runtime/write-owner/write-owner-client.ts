// A worker's end of the write owner's socket (decision 0013). While connected, `forward` sends the call and
// returns the owner's answer; otherwise, and when the owner answers "not run", the call runs here. A call in
// flight when the connection drops fails with StoreError 'unavailable' and is not run again: it may have
// committed, and a second run would meet its own change (CONDSTORE's UNCHANGEDSINCE) or log it twice.

import { createConnection, type Socket } from 'node:net';
import { StoreError } from '#core/errors';
import type { Logger } from '#core/log';
import type { MetricsRegistry } from '#core/metrics';
import { encodeFrame, FrameReader } from './owner-frames.ts';
import {
  type ForwardedArguments,
  type ForwardedCall,
  type ForwardedResult,
  hasShapeOf,
} from './owner-calls.ts';
import { type CallRequest, errorFromWire, parseAnswer } from './owner-wire.ts';

/** Reconnection delays: the owner restarts within seconds when its worker does. */
const RETRY_FIRST_MS = 50;
const RETRY_MAX_MS = 2_000;
/** Calls waiting for the owner at once; more run here rather than queue behind a slow owner. */
export const MAX_PENDING_CALLS = 1_000;

type ForwardOutcome = 'forwarded' | 'local' | 'failed';

export interface WriteOwnerClient {
  /**
   * The owner's answer to the call, or `local()` when there is no owner to ask, the call does not have the
   * shape the owner accepts (too big: MAX_FORWARDED_EMAILS; malformed), or the owner did not run it.
   */
  forward<C extends ForwardedCall>(
    call: C,
    args: ForwardedArguments<C>,
    local: () => Promise<ForwardedResult<C>>,
  ): Promise<ForwardedResult<C>>;
  /** Whether calls are being forwarded now. */
  isConnected(): boolean;
  /** Stop reconnecting and close; calls still waiting fail as if the owner went away. */
  close(): void;
}

export interface WriteOwnerClientOptions {
  readonly path: string;
  readonly log: Logger;
  readonly registry?: MetricsRegistry;
  /**
   * A call not answered within this fails as unavailable, like one lost with the owner: an owner whose event loop
   * is stuck must not hold a session forever. Longer than any wait the owner's own write can have.
   */
  readonly callTimeoutMs: number;
}

interface Waiting {
  resolve(value: unknown): void;
  reject(error: Error): void;
  local(): Promise<unknown>;
  readonly timer: NodeJS.Timeout;
}

export function connectWriteOwner(options: WriteOwnerClientOptions): WriteOwnerClient {
  const { path, log, callTimeoutMs } = options;
  const outcomes = options.registry?.counter({
    name: 'vercors_forwarded_writes_total',
    help: "Small mail writes (keywords, moves, copies, expunges) a worker sent to the node's write owner (forwarded), ran itself (local), or lost with the owner's connection (failed).",
    labelNames: ['outcome'],
  });
  const count = (outcome: ForwardOutcome) => outcomes?.inc({ outcome });

  let connected: Socket | undefined;
  let isClosed = false;
  let retryMs = RETRY_FIRST_MS;
  let retryTimer: NodeJS.Timeout | undefined;
  let nextId = 1;
  const waiting = new Map<number, Waiting>();

  const runLocally = <T>(local: () => Promise<T>) => {
    count('local');
    return local();
  };

  const settle = (frame: unknown) => {
    const answer = parseAnswer(frame);
    const call = waiting.get(answer.id);
    // Unknown: an answer after its call timed out.
    if (call === undefined) return;
    waiting.delete(answer.id);
    clearTimeout(call.timer);
    if ('notRun' in answer) {
      runLocally(call.local).then(call.resolve, call.reject);
      return;
    }
    count('forwarded');
    if ('error' in answer) call.reject(errorFromWire(answer.error));
    else call.resolve(answer.value);
  };

  const connect = () => {
    retryTimer = undefined;
    if (isClosed) return;
    const socket = createConnection(path);
    const reader = new FrameReader();
    socket.on('connect', () => {
      if (isClosed) return void socket.destroy();
      connected = socket;
      retryMs = RETRY_FIRST_MS;
      log.info({ path }, "small mail writes now go to the node's write owner");
    });
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of reader.push(chunk)) settle(frame);
      } catch (error) {
        log.error({ err: error }, 'the write owner sent a bad frame; reconnecting');
        socket.destroy();
      }
    });
    socket.on('error', (error) => log.debug({ err: error }, 'write owner connection error'));
    socket.on('close', () => {
      const wasConnected = connected === socket;
      if (wasConnected) connected = undefined;
      // Every waiting call was sent on this socket: its fate is unknown.
      for (const call of waiting.values()) {
        count('failed');
        clearTimeout(call.timer);
        call.reject(new StoreError('unavailable', 'the write owner went away during the call; retry it'));
      }
      waiting.clear();
      if (wasConnected && !isClosed)
        log.warn('the write owner went away; small mail writes run here until it is back');
      if (isClosed) return;
      retryTimer = setTimeout(connect, retryMs);
      retryTimer.unref();
      retryMs = Math.min(retryMs * 2, RETRY_MAX_MS);
    });
  };
  connect();

  return {
    forward<C extends ForwardedCall>(
      call: C,
      args: ForwardedArguments<C>,
      local: () => Promise<ForwardedResult<C>>,
    ): Promise<ForwardedResult<C>> {
      const socket = connected;
      if (socket === undefined || waiting.size >= MAX_PENDING_CALLS || !hasShapeOf(call, args))
        return runLocally(local);
      const id = nextId++;
      let frame: Buffer;
      try {
        frame = encodeFrame({ id, call, args } satisfies CallRequest);
      } catch {
        return runLocally(local);
      }
      return new Promise<ForwardedResult<C>>((resolve, reject) => {
        const timer = setTimeout(() => {
          if (!waiting.delete(id)) return;
          count('failed');
          log.error({ callTimeoutMs }, 'the write owner did not answer a call in time');
          reject(
            new StoreError('unavailable', `the write owner did not answer within ${callTimeoutMs} ms; retry`),
          );
        }, callTimeoutMs);
        timer.unref();
        waiting.set(id, { resolve: resolve as (value: unknown) => void, reject, local, timer });
        socket.write(frame);
      });
    },
    isConnected: () => connected !== undefined,
    close() {
      isClosed = true;
      clearTimeout(retryTimer);
      connected?.destroy();
      connected = undefined;
    },
  };
}
