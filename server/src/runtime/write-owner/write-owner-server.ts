// The write owner (decision 0013): in the node's maintenance worker, a Unix socket where the other workers send
// their small mail writes (keyword changes, moves, copies, expunges), run here by the same mail service and
// batched with this worker's own writes. The caller is trusted by the socket's place (a folder only the server's
// user opens); authorisation stays in the domain.

import { chmod, mkdir, unlink } from 'node:fs/promises';
import { createServer, type Server, type Socket } from 'node:net';
import { dirname } from 'node:path';
import type { Logger } from '#core/log';
import type { MailService } from '#domain/mail';
import { encodeFrame, FrameReader } from './owner-frames.ts';
import type { ForwardedCall } from './owner-calls.ts';
import { type CallAnswer, type CallRequest, errorToWire, parseRequest } from './owner-wire.ts';

/** Answers a caller has not read yet, at most: a few thousand keyword answers, or a handful of the largest. */
const MAX_UNREAD_BYTES = 64 * 1024 * 1024;
/** After the last answer, how long callers get to close their end before the owner cuts it. */
const CLOSE_WAIT_MS = 1_000;

export interface WriteOwner {
  /** Stop taking calls (later ones are answered "not run"), answer those in flight, then close. */
  close(): Promise<void>;
}

export interface WriteOwnerOptions {
  /** The socket's path; its folder is created (or narrowed) to mode 0700. */
  readonly path: string;
  readonly mail: Pick<MailService, ForwardedCall>;
  readonly log: Logger;
  /** Answers a caller may leave unread before it is dropped (MAX_UNREAD_BYTES; tests pass less). */
  readonly maxUnreadBytes?: number;
}

export async function startWriteOwner(options: WriteOwnerOptions): Promise<WriteOwner> {
  const { path, mail, log } = options;
  const maxUnreadBytes = options.maxUnreadBytes ?? MAX_UNREAD_BYTES;
  await mkdir(dirname(path), { recursive: true, mode: 0o700 });
  await chmod(dirname(path), 0o700);
  // A socket file left by a worker that was killed refuses the bind; nothing listens on it any more.
  await removeSocketFile(path);

  const sockets = new Set<Socket>();
  let inFlight = 0;
  let isClosing = false;
  let onDrained: (() => void) | undefined;

  const send = (socket: Socket, answer: CallAnswer) => {
    if (socket.destroyed) return;
    let frame: Buffer;
    try {
      frame = encodeFrame(answer);
    } catch (error) {
      // Bounded by MAX_FORWARDED_EMAILS, so not expected; the change is committed, and the caller must not rerun it.
      log.error({ err: error, requestId: answer.id }, 'a forwarded call’s answer does not fit a frame');
      frame = encodeFrame({
        id: answer.id,
        error: { kind: 'store', code: 'unavailable', message: 'the answer was too big to send back' },
      } satisfies CallAnswer);
    }
    socket.write(frame);
    // A caller that stopped reading (its event loop stuck) must not grow this process's memory without end.
    if (socket.writableLength > maxUnreadBytes) {
      log.error({ unreadBytes: socket.writableLength }, 'a write owner caller stopped reading; dropping it');
      socket.destroy();
    }
  };

  const answerOf = async (request: CallRequest): Promise<CallAnswer> => {
    // parseRequest checked the arguments against this call's shape.
    const method = mail[request.call] as (...args: readonly unknown[]) => Promise<unknown>;
    try {
      return { id: request.id, value: await method(...request.args) };
    } catch (error) {
      const wire = errorToWire(error);
      if (wire.kind === 'other') log.error({ err: error, call: request.call }, 'a forwarded call failed');
      return { id: request.id, error: wire };
    }
  };

  const run = (socket: Socket, frame: unknown) => {
    const request = parseRequest(frame);
    if (isClosing) return send(socket, { id: request.id, notRun: true });
    inFlight += 1;
    void answerOf(request).then((answer) => {
      send(socket, answer);
      inFlight -= 1;
      if (inFlight === 0) onDrained?.();
    });
  };

  const serve = (socket: Socket) => {
    sockets.add(socket);
    const reader = new FrameReader();
    socket.on('data', (chunk: Buffer) => {
      try {
        for (const frame of reader.push(chunk)) run(socket, frame);
      } catch (error) {
        // Only our own workers can reach the socket: a bad frame is a bug, and the stream is out of step.
        log.error({ err: error }, 'the write owner dropped a connection that sent a bad frame');
        socket.destroy();
      }
    });
    socket.on('error', (error) => log.debug({ err: error }, 'write owner connection error'));
    socket.on('close', () => sockets.delete(socket));
  };

  const server: Server = createServer(serve);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(path, () => {
      server.off('error', reject);
      resolve();
    });
  });
  server.on('error', (error) => log.error({ err: error }, 'write owner socket error'));
  log.debug({ path }, 'write owner listening');

  return {
    async close() {
      if (isClosing) return;
      isClosing = true;
      const closed = new Promise<void>((resolve) => server.close(() => resolve()));
      if (inFlight > 0) await new Promise<void>((resolve) => (onDrained = resolve));
      for (const socket of sockets) {
        socket.end();
        // A caller that does not close its end (a stopped process) does not hold the shutdown.
        setTimeout(() => socket.destroy(), CLOSE_WAIT_MS).unref();
      }
      await closed;
      await removeSocketFile(path);
    },
  };
}

async function removeSocketFile(path: string): Promise<void> {
  try {
    await unlink(path);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
}
