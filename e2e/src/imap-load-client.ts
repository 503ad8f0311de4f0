// A minimal IMAP client for load tests and benchmarks: one connection, tagged commands one at a time, responses
// read with their literals ({n} and {n+}), APPEND with LITERAL+ when the server offers it, and IDLE. Every wait
// is bounded (a reply that does not come is an error and the connection is dropped), and so is every buffer: a
// line, a literal and the untagged data of one command each have a ceiling. The same code drives every server
// it is pointed at, so a benchmark measures the servers and not two clients.

import { connect, type Socket } from 'node:net';

/** A command's tagged reply must arrive within this, unless the caller says otherwise. */
export const COMMAND_TIMEOUT_MS = 30_000;
/** Connect and greeting, together. */
const GREETING_TIMEOUT_MS = 30_000;
/** One line without its CRLF: FETCH lines of a large mailbox stay far below it. */
const MAX_LINE_BYTES = 1024 * 1024;
/** One literal: a message body, since APPENDLIMIT-sized messages are what a FETCH BODY[] returns. */
const MAX_LITERAL_BYTES = 64 * 1024 * 1024;
/** Untagged data kept for one command: a FETCH of 100,000 headers fits; a runaway server does not. */
const MAX_RESPONSE_BYTES = 256 * 1024 * 1024;
/** Untagged lines kept while no command collects them (IDLE, or between commands): the oldest go first. */
const MAX_UNSOLICITED_LINES = 10_000;

export interface ImapLine {
  /** The line as latin1 text, CRLFs removed; each literal is left as its `{n}` marker. */
  readonly text: string;
  /** The literals' bytes, in order. */
  readonly literals: readonly Buffer[];
}

export interface ImapReply {
  readonly status: 'OK' | 'NO' | 'BAD';
  /** The tagged line after the status, e.g. `[READ-WRITE] Select completed`. */
  readonly text: string;
  readonly untagged: readonly ImapLine[];
  /** Bytes of untagged data received for this command (lines and literals). */
  readonly bytes: number;
}

export interface ImapSession {
  readonly socket: Socket;
  /** The greeting line, e.g. `* OK [CAPABILITY …] ready`. */
  readonly greeting: string;
  readonly isClosed: boolean;
  /** Send one tagged command (without tag or CRLF) and resolve with its reply, whatever the status. */
  command(line: string, options?: { readonly timeoutMs?: number }): Promise<ImapReply>;
  /** `command`, but anything else than OK is an error. */
  ok(line: string, options?: { readonly timeoutMs?: number }): Promise<ImapReply>;
  login(user: string, password: string): Promise<ImapReply>;
  /** APPEND with one literal: non-synchronizing when the greeting listed LITERAL+, else after the `+`. */
  append(
    mailbox: string,
    message: Buffer,
    options?: { readonly flags?: string; readonly internalDate?: string; readonly timeoutMs?: number },
  ): Promise<ImapReply>;
  /** Start IDLE; resolves at the server's `+`. Untagged lines then go to `waitForUntagged`. */
  idle(): Promise<void>;
  /**
   * The first untagged line received outside a command (during IDLE, say) that matches, removing it and every
   * line before it from the queue; rejects after `timeoutMs`.
   */
  waitForUntagged(match: (line: ImapLine) => boolean, timeoutMs: number): Promise<ImapLine>;
  /** End IDLE with DONE and resolve with IDLE's tagged reply. */
  done(timeoutMs?: number): Promise<ImapReply>;
  /** LOGOUT (bounded), then close. Never throws. */
  logout(): Promise<void>;
  /** Drop the connection at once. */
  close(): void;
}

export interface ImapSessionOptions {
  readonly port: number;
  readonly host?: string;
  /** Source address, to spread many connections over several loopback addresses (127.0.0.2…). */
  readonly localAddress?: string;
}

/** An IMAP quoted string (RFC 9051 §4.3); the caller keeps CR and LF out. */
export function imapQuote(value: string): string {
  return `"${value.replace(/[\\"]/g, (char) => `\\${char}`)}"`;
}

interface PendingCommand {
  readonly tag: string;
  readonly untagged: ImapLine[];
  bytes: number;
  resolve(reply: ImapReply): void;
  reject(error: Error): void;
}

const LITERAL_MARKER = /\{(\d+)\+?\}$/;

export async function openImapSession(options: ImapSessionOptions): Promise<ImapSession> {
  const socket = connect({
    host: options.host ?? '127.0.0.1',
    port: options.port,
    ...(options.localAddress === undefined ? {} : { localAddress: options.localAddress }),
  });
  socket.setNoDelay(true);

  let nextTag = 1;
  let current: PendingCommand | undefined;
  let isIdling = false;
  let isClosed = false;
  let closeReason = 'connection closed';
  /** Resolves at the next `+` line. */
  let continuation: ((line: string) => void) | undefined;
  const unsolicited: ImapLine[] = [];
  let unsolicitedWaiter: (() => void) | undefined;
  let greetingWaiter: ((line: string) => void) | undefined;
  let greeting = '';
  /** IDLE's tagged reply, which comes after DONE. */
  let idleReply: Promise<ImapReply> | undefined;

  // The reader: the bytes not yet consumed, the parts of the line being read and its literals so far.
  let rest: Buffer | undefined;
  let parts: string[] = [];
  let literals: Buffer[] = [];
  let literalLeft = 0;
  let literalChunks: Buffer[] = [];

  const fail = (reason: string) => {
    if (socket.destroyed) return;
    closeReason = reason;
    socket.destroy();
  };

  const dispatch = (line: ImapLine) => {
    const { text } = line;
    if (greetingWaiter !== undefined) {
      const waiter = greetingWaiter;
      greetingWaiter = undefined;
      waiter(text);
      return;
    }
    if (text.startsWith('+')) {
      const waiter = continuation;
      continuation = undefined;
      waiter?.(text);
      return;
    }
    if (current !== undefined && text.startsWith(`${current.tag} `)) {
      const command = current;
      current = undefined;
      isIdling = false;
      const after = text.slice(command.tag.length + 1);
      const space = after.indexOf(' ');
      const status = (space < 0 ? after : after.slice(0, space)).toUpperCase();
      if (status !== 'OK' && status !== 'NO' && status !== 'BAD') {
        command.reject(new Error(`unexpected tagged reply: ${text.slice(0, 200)}`));
        return;
      }
      command.resolve({
        status,
        text: space < 0 ? '' : after.slice(space + 1),
        untagged: command.untagged,
        bytes: command.bytes,
      });
      return;
    }
    if (/^\* BYE/i.test(text)) closeReason = `server said ${text.slice(0, 200)}`;
    if (current !== undefined && !isIdling) {
      current.untagged.push(line);
      current.bytes += text.length + line.literals.reduce((sum, literal) => sum + literal.length, 0);
      if (current.bytes > MAX_RESPONSE_BYTES) fail(`more than ${MAX_RESPONSE_BYTES} bytes for one command`);
      return;
    }
    unsolicited.push(line);
    if (unsolicited.length > MAX_UNSOLICITED_LINES) unsolicited.shift();
    unsolicitedWaiter?.();
  };

  socket.on('data', (chunk: Buffer) => {
    const data = rest === undefined ? chunk : Buffer.concat([rest, chunk]);
    rest = undefined;
    let position = 0;
    while (position < data.length && !socket.destroyed) {
      if (literalLeft > 0) {
        const take = Math.min(literalLeft, data.length - position);
        literalChunks.push(data.subarray(position, position + take));
        position += take;
        literalLeft -= take;
        if (literalLeft === 0) {
          literals.push(
            literalChunks.length === 1 ? (literalChunks[0] as Buffer) : Buffer.concat(literalChunks),
          );
          literalChunks = [];
        }
        continue;
      }
      const end = data.indexOf('\r\n', position);
      if (end < 0) {
        if (data.length - position > MAX_LINE_BYTES) fail(`a line longer than ${MAX_LINE_BYTES} bytes`);
        else rest = data.subarray(position);
        break;
      }
      if (end - position > MAX_LINE_BYTES) {
        fail(`a line longer than ${MAX_LINE_BYTES} bytes`);
        break;
      }
      const part = data.toString('latin1', position, end);
      position = end + 2;
      parts.push(part);
      const marker = LITERAL_MARKER.exec(part);
      if (marker !== null) {
        const size = Number(marker[1]);
        if (size > MAX_LITERAL_BYTES) {
          fail(`a literal of ${size} bytes`);
          break;
        }
        if (size === 0) literals.push(Buffer.alloc(0));
        literalLeft = size;
        continue;
      }
      const line: ImapLine = { text: parts.length === 1 ? part : parts.join(''), literals };
      parts = [];
      literals = [];
      dispatch(line);
    }
  });
  socket.on('close', () => {
    isClosed = true;
    const command = current;
    current = undefined;
    command?.reject(new Error(closeReason));
    continuation?.('');
    continuation = undefined;
    greetingWaiter?.('');
    greetingWaiter = undefined;
    unsolicitedWaiter?.();
  });
  socket.on('error', (error) => {
    closeReason = `connection error: ${error.message}`;
  });

  /** Register a command and write its first line; the reply is bounded by `timeoutMs` (0: by nothing). */
  const start = (line: string, timeoutMs: number): { tag: string; reply: Promise<ImapReply> } => {
    if (isClosed || socket.destroyed) throw new Error(closeReason);
    if (current !== undefined) throw new Error(`${current.tag} is still running: one command at a time`);
    const tag = `A${nextTag++}`;
    const reply = new Promise<ImapReply>((resolve, reject) => {
      let timer: NodeJS.Timeout | undefined;
      const settle = () => clearTimeout(timer);
      current = {
        tag,
        untagged: [],
        bytes: 0,
        resolve: (value) => {
          settle();
          resolve(value);
        },
        reject: (error) => {
          settle();
          reject(error);
        },
      };
      if (timeoutMs > 0) {
        timer = setTimeout(() => {
          const name = line.split(' ', 2).join(' ').slice(0, 60);
          fail(`no reply to ${tag} ${name} within ${timeoutMs} ms`);
        }, timeoutMs);
      }
    });
    socket.write(`${tag} ${line}\r\n`);
    return { tag, reply };
  };

  /** The next `+`, or an error if the command ends first or nothing comes within `timeoutMs`. */
  const nextContinuation = (reply: Promise<ImapReply>, timeoutMs: number): Promise<void> =>
    new Promise<void>((resolve, reject) => {
      let isSettled = false;
      const settle = (error?: Error) => {
        if (isSettled) return;
        isSettled = true;
        clearTimeout(timer);
        if (continuation === waiter) continuation = undefined;
        if (error === undefined) resolve();
        else reject(error);
      };
      const waiter = (line: string) => settle(line === '' ? new Error(closeReason) : undefined);
      const timer = setTimeout(() => fail(`no continuation within ${timeoutMs} ms`), timeoutMs);
      continuation = waiter;
      reply.then(
        (value) => settle(new Error(`refused before the continuation: ${value.status} ${value.text}`)),
        (error: unknown) => settle(error instanceof Error ? error : new Error(String(error))),
      );
    });

  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => fail(`no greeting within ${GREETING_TIMEOUT_MS} ms`), GREETING_TIMEOUT_MS);
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
    greetingWaiter = (line) => {
      clearTimeout(timer);
      greeting = line;
      if (line.startsWith('* OK') || line.startsWith('* PREAUTH')) resolve();
      else reject(new Error(line === '' ? closeReason : `greeting: ${line.slice(0, 200)}`));
    };
  });
  const hasLiteralPlus = /\bLITERAL\+/i.test(greeting);

  const command = (line: string, options: { readonly timeoutMs?: number } = {}) =>
    start(line, options.timeoutMs ?? COMMAND_TIMEOUT_MS).reply;
  const ok = async (line: string, options: { readonly timeoutMs?: number } = {}) => {
    const reply = await command(line, options);
    if (reply.status !== 'OK') throw new Error(`${line.slice(0, 60)}: ${reply.status} ${reply.text}`);
    return reply;
  };

  const done = async (timeoutMs = COMMAND_TIMEOUT_MS): Promise<ImapReply> => {
    const reply = idleReply;
    if (reply === undefined || !isIdling) throw new Error('not idling');
    idleReply = undefined;
    socket.write('DONE\r\n');
    const timer = setTimeout(() => fail(`no reply to DONE within ${timeoutMs} ms`), timeoutMs);
    try {
      return await reply;
    } finally {
      clearTimeout(timer);
    }
  };

  return {
    socket,
    get greeting() {
      return greeting;
    },
    get isClosed() {
      return isClosed;
    },
    command,
    ok,
    login: (user, password) => ok(`LOGIN ${imapQuote(user)} ${imapQuote(password)}`),
    async append(mailbox, message, options = {}) {
      const timeoutMs = options.timeoutMs ?? COMMAND_TIMEOUT_MS;
      const flags = options.flags === undefined ? '' : ` (${options.flags})`;
      const date = options.internalDate === undefined ? '' : ` ${imapQuote(options.internalDate)}`;
      const head = `APPEND ${imapQuote(mailbox)}${flags}${date} {${message.length}${hasLiteralPlus ? '+' : ''}}`;
      if (hasLiteralPlus) {
        // One write: the command line, the literal and the final CRLF.
        const { reply } = start(head, timeoutMs);
        socket.write(message);
        socket.write('\r\n');
        return reply;
      }
      const { reply } = start(head, timeoutMs);
      await nextContinuation(reply, timeoutMs);
      socket.write(message);
      socket.write('\r\n');
      return reply;
    },
    async idle() {
      const { reply } = start('IDLE', 0);
      isIdling = true;
      idleReply = reply;
      // An IDLE without DONE has no reply yet; a failure surfaces at done().
      reply.catch(() => undefined);
      await nextContinuation(reply, COMMAND_TIMEOUT_MS);
    },
    async waitForUntagged(match, timeoutMs) {
      const until = Date.now() + timeoutMs;
      for (;;) {
        const index = unsolicited.findIndex(match);
        if (index >= 0) return unsolicited.splice(0, index + 1).at(-1) as ImapLine;
        if (isClosed) throw new Error(closeReason);
        const left = until - Date.now();
        if (left <= 0) throw new Error(`no matching untagged line within ${timeoutMs} ms`);
        await new Promise<void>((resolve) => {
          const timer = setTimeout(resolve, left);
          unsolicitedWaiter = () => {
            clearTimeout(timer);
            unsolicitedWaiter = undefined;
            resolve();
          };
        });
      }
    },
    done,
    async logout() {
      if (isClosed) return;
      try {
        if (isIdling) await done(5_000);
        await command('LOGOUT', { timeoutMs: 5_000 });
      } catch {
        // Closing anyway.
      }
      socket.destroy();
    },
    close() {
      socket.destroy();
    },
  };
}
