// One IMAP connection (docs/decisions/0007-imap-server.md): the command reader on the socket, one command at
// a time in the order received, the tagged reply after the changes the client must see, back-pressure on
// output, STARTTLS, COMPRESS=DEFLATE, the command rate, timeouts. Commands live in commands/; this file only
// frames, dispatches and writes.
// Security: pre-auth until login; only the commands the table allows in the current state run; every input
// bound is in wire/limits.ts and session-limits.ts (inflated input too: deflate-layer.ts); the command rate
// is paced (command-pacing.ts); an unexpected error is NO [SERVERBUG] with an incident id.

import { once } from 'node:events';
import type { Socket } from 'node:net';
import { TLSSocket, type SecureContext } from 'node:tls';
import { DomainError, ParseError } from '#core/errors';
import { newId } from '#core/ids';
import { BrokenResponseError } from './broken-response.ts';
import type { CommandResult, CommandSession, Enabled, SessionAccount, SessionState } from './command.ts';
import { capabilitiesOf } from './capabilities.ts';
import { createCommandPacer, type CommandPacer } from './command-pacing.ts';
import { findCommand } from './command-table.ts';
import { DeflateLayer } from './deflate-layer.ts';
import { failureFor } from './error-responses.ts';
import type { ImapContext } from './imap-context.ts';
import { MailboxNames } from './mailbox-names.ts';
import type { RefreshOptions, SelectedMailbox } from './selected-mailbox.ts';
import {
  AUTHENTICATED_IDLE_MS,
  COMPRESSED_CLOSE_MS,
  MAX_CONSECUTIVE_BAD,
  MAX_MAILBOXES,
  OUTPUT_HIGH_WATER_BYTES,
  PRE_AUTH_IDLE_MS,
  TLS_HANDSHAKE_MS,
} from './session-limits.ts';
import { ArgumentCursor } from './wire/argument-cursor.ts';
import { CommandReader, type RawCommand, type ReaderError } from './wire/command-reader.ts';
import { continuationRequest, ResponseWriter, taggedStatus, untaggedStatus } from './wire/encoder.ts';
import { wireLimits, type WireLimits } from './wire/limits.ts';
import { decodeMailboxName } from './wire/mailbox-name.ts';

export interface SessionOptions {
  readonly socket: Socket;
  readonly context: ImapContext;
  readonly isTls: boolean;
  /** The context for STARTTLS; undefined where TLS is not offered (then STARTTLS is not advertised). */
  readonly startTls: (() => SecureContext) | undefined;
  /** Called once when the connection is over. */
  readonly onClose: () => void;
}

export class ImapSession implements CommandSession {
  readonly id = newId('i');
  readonly context: ImapContext;
  readonly remoteAddress: string;
  state: SessionState = 'notAuthenticated';
  account: SessionAccount | undefined;
  selected: SelectedMailbox | undefined;
  readonly enabled = new Set<Enabled>();
  savedResult: readonly number[] = [];
  #socket: Socket;
  #isTls: boolean;
  readonly #startTls: (() => SecureContext) | undefined;
  readonly #onClose: () => void;
  readonly #limits: WireLimits;
  #reader: CommandReader;
  #isRunning = false;
  #isClosed = false;
  /** The socket corked until the next check phase (send), if any. */
  #corked: Socket | undefined;
  #lineWaiter: ((line: Buffer | undefined) => void) | undefined;
  #staleListeners = new Set<() => void>();
  #unsubscribe: (() => void) | undefined;
  #releaseUserSlot: (() => void) | undefined;
  #consecutiveBad = 0;
  #isShuttingDown = false;
  readonly #pacer: CommandPacer;
  /** Set once COMPRESS DEFLATE is on: every byte in and out goes through it. */
  #deflate: DeflateLayer | undefined;
  #isEnding = false;

  constructor(options: SessionOptions) {
    this.context = options.context;
    this.#socket = options.socket;
    this.#isTls = options.isTls;
    this.#startTls = options.startTls;
    this.#onClose = options.onClose;
    this.remoteAddress = options.socket.remoteAddress ?? '';
    this.#limits = wireLimits({ maxAppendBytes: options.context.maxMessageBytes });
    this.#reader = new CommandReader({ limits: this.#limits });
    this.#pacer = createCommandPacer({
      maxPerMinute: options.context.settings.maxCommandsPerMinute,
      clock: options.context.clock,
    });
  }

  get isTls(): boolean {
    return this.#isTls;
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  get isCompressed(): boolean {
    return this.#deflate !== undefined;
  }

  get isSecure(): boolean {
    return this.#isTls || isLoopback(this.remoteAddress);
  }

  get utf8(): boolean {
    return this.enabled.has('UTF8=ACCEPT') || this.enabled.has('IMAP4REV2');
  }

  capabilities(): string[] {
    return capabilitiesOf({
      state: this.state,
      isTls: this.#isTls,
      isSecure: this.isSecure,
      canStartTls: this.#startTls !== undefined && !this.#isTls,
      maxMessageBytes: this.context.maxMessageBytes,
    });
  }

  /** Greet and start reading. */
  start(): void {
    this.#attach(this.#socket);
    this.#socket.setTimeout(PRE_AUTH_IDLE_MS);
    const code = { name: 'CAPABILITY', args: this.capabilities() };
    void this.send(untaggedStatus('OK', `${this.context.hostname} Vercors IMAP ready`, code));
  }

  writer(): ResponseWriter {
    return new ResponseWriter({ utf8: this.utf8 });
  }

  async send(chunks: Buffer | readonly Buffer[]): Promise<void> {
    if (this.#isClosed) return;
    const list = Buffer.isBuffer(chunks) ? [chunks] : chunks;
    const deflate = this.#deflate;
    if (deflate !== undefined) {
      for (const chunk of list) deflate.write(chunk);
      // The client reads slower than we write: wait (the layer also stops waiting when the socket closes).
      if (deflate.pendingBytes > OUTPUT_HIGH_WATER_BYTES) await deflate.drained();
      return;
    }
    // Corked until the event loop's next check phase, everything sent meanwhile leaves in one writev: a
    // command's untagged responses and its tagged reply, or a FETCH batch of 1,000 small responses.
    this.#cork();
    for (const chunk of list) this.#socket.write(chunk);
    if (this.#socket.writableLength > OUTPUT_HIGH_WATER_BYTES) {
      // The client reads slower than we write: wait, or stop if it goes away meanwhile.
      await Promise.race([once(this.#socket, 'drain'), once(this.#socket, 'close')]);
    }
  }

  #cork(): void {
    if (this.#corked !== undefined) return;
    const socket = this.#socket;
    socket.cork();
    this.#corked = socket;
    setImmediate(() => this.#uncork(socket));
  }

  /** Let out what the corked socket holds now (before STARTTLS wraps it); `socket`: only if it is that one. */
  #uncork(socket: Socket | undefined = this.#corked): void {
    if (socket === undefined || this.#corked !== socket) return;
    this.#corked = undefined;
    socket.uncork();
  }

  sendLine(line: string): Promise<void> {
    return this.send(Buffer.from(`${line}\r\n`, 'utf8'));
  }

  nextLine(): Promise<Buffer | undefined> {
    if (this.#isClosed) return Promise.resolve(undefined);
    return new Promise((resolve) => {
      this.#lineWaiter = resolve;
      this.#reader.readRawLine();
      this.#pump();
    });
  }

  onStale(listener: () => void): () => void {
    this.#staleListeners.add(listener);
    return () => this.#staleListeners.delete(listener);
  }

  enable(extension: Enabled): void {
    this.enabled.add(extension);
    // QRESYNC implies CONDSTORE (RFC 7162 §3.2.3).
    if (extension === 'QRESYNC') this.enabled.add('CONDSTORE');
  }

  async login(account: SessionAccount): Promise<boolean> {
    const release = this.context.acquireUserSlot(account.id);
    if (release === undefined) return false;
    this.#releaseUserSlot = release;
    this.account = account;
    this.state = 'authenticated';
    this.#socket.setTimeout(AUTHENTICATED_IDLE_MS);
    this.#unsubscribe = this.context.changes.subscribe(account.id, (modseq) => {
      if (this.selected === undefined || !this.selected.noteChange(modseq)) return;
      for (const listener of this.#staleListeners) listener();
    });
    // An account made before mail existed gets its mailboxes now, before the client lists them.
    await this.context.mail.ensureDefaultMailboxes(account.id);
    return true;
  }

  select(mailbox: SelectedMailbox | undefined): void {
    this.selected = mailbox;
    this.savedResult = [];
    this.state = mailbox === undefined ? 'authenticated' : 'selected';
  }

  async refresh(options: Partial<RefreshOptions> = {}): Promise<void> {
    const selected = this.selected;
    if (selected === undefined) return;
    const lines = await selected.refresh(this.context.views, {
      allowExpunge: options.allowExpunge ?? true,
      condstore: this.enabled.has('CONDSTORE'),
      qresync: this.enabled.has('QRESYNC'),
    });
    if (lines.length > 0) await this.send(Buffer.from(`${lines.join('\r\n')}\r\n`, 'utf8'));
  }

  async mailboxNames(): Promise<MailboxNames> {
    const account = this.account;
    if (account === undefined) throw new Error('mailboxNames() before login');
    const mailboxes = await this.context.mail.listMailboxes(account.id);
    return new MailboxNames(mailboxes.slice(0, MAX_MAILBOXES));
  }

  decodeName(wire: string): string {
    return decodeMailboxName(wire, { utf8: this.utf8 });
  }

  /** Server shutdown: BYE now if idle, else right after the command in progress replies. */
  shutDown(): void {
    this.#isShuttingDown = true;
    if (!this.#isRunning || this.#lineWaiter !== undefined) this.bye('Server shutting down, try again later');
  }

  /** Say BYE and close: server shutdown, timeouts, protocol abuse. */
  bye(text: string): void {
    if (this.#isClosed) return;
    this.#hangUp(untaggedStatus('BYE', text));
  }

  #attach(socket: Socket): void {
    socket.on('data', (chunk: Buffer) => {
      if (this.#deflate === undefined) this.#onInput(chunk);
      else this.#deflate.feed(chunk);
    });
    socket.on('timeout', () => this.bye('Autologout; idle for too long'));
    socket.on('error', () => this.#close());
    socket.on('close', () => this.#close());
  }

  /** Client bytes, inflated when COMPRESS is on. */
  #onInput(chunk: Buffer): void {
    if (!this.#reader.push(chunk)) {
      if (this.#deflate === undefined) this.#socket.pause();
      else this.#deflate.pauseInput();
    }
    this.#pump();
  }

  /** The reader has room again: take more input. */
  #resumeInput(): void {
    if (this.#deflate !== undefined) this.#deflate.resumeInput();
    else if (this.#socket.isPaused()) this.#socket.resume();
  }

  /** Take events from the reader while no command runs (or a running one waits for a raw line). */
  #pump(): void {
    while (!this.#isClosed) {
      if (this.#isRunning && this.#lineWaiter === undefined) return;
      const event = this.#reader.next();
      if (event === undefined) {
        this.#resumeInput();
        return;
      }
      switch (event.kind) {
        case 'line': {
          const waiter = this.#lineWaiter;
          this.#lineWaiter = undefined;
          waiter?.(event.line);
          break;
        }
        case 'literalRequest':
          this.#answerLiteral(event.name, event.size, event.tag);
          break;
        case 'error':
          this.#readerError(event);
          break;
        case 'command':
          this.#isRunning = true;
          void this.#execute(event.command).finally(() => {
            this.#isRunning = false;
            this.#pump();
          });
          return;
      }
    }
  }

  #answerLiteral(name: string, size: number, tag: string): void {
    // Before login, a literal is only a LOGIN argument: small. APPEND's size was already checked by the reader.
    const isAllowed = this.state !== 'notAuthenticated' || size <= this.#limits.maxLiteralBytes;
    if (!isAllowed) {
      this.#reader.rejectLiteral();
      void this.send(taggedStatus(tag, 'NO', 'Literal too big', { name: 'TOOBIG' }));
      return;
    }
    this.#reader.acceptLiteral();
    void this.send(continuationRequest(name === 'APPEND' ? 'Ready for the message' : 'Ready'));
  }

  #readerError(error: ReaderError): void {
    const code = error.isTooBig ? { name: 'TOOBIG' } : undefined;
    const status = error.isTooBig && error.name === 'APPEND' ? 'NO' : 'BAD';
    if (error.tag === undefined) void this.send(untaggedStatus('BAD', error.message, code));
    else void this.send(taggedStatus(error.tag, status, error.message, code));
    // A line that cannot be framed leaves us unsure where the next command starts: stop here.
    if (error.isFatal) this.bye('Protocol error');
    else this.#countBad();
  }

  #countBad(): void {
    this.#consecutiveBad++;
    if (this.#consecutiveBad >= MAX_CONSECUTIVE_BAD) this.bye('Too many invalid commands');
  }

  async #execute(raw: RawCommand): Promise<void> {
    const pacing = this.#pacer.next();
    if (pacing.kind === 'stop') {
      this.context.log.info({ session: this.id, remote: this.remoteAddress }, 'imap command rate exceeded');
      this.bye('Too many commands');
      return;
    }
    if (pacing.waitMs > 0) {
      await new Promise((resolve) => setTimeout(resolve, pacing.waitMs));
      if (this.#isClosed) return;
    }
    const started = this.context.clock.nowMs();
    let name = raw.name;
    let result: CommandResult;
    let usesSequenceNumbers = false;
    try {
      const cursor = new ArgumentCursor(raw, this.#limits);
      if (name === 'UID') {
        cursor.expectSpace();
        name = `UID ${cursor.expectAtom('UID command').toUpperCase()}`;
      }
      const command = findCommand(name);
      if (command === undefined) result = { status: 'BAD', text: `Unknown command ${name.slice(0, 40)}` };
      else if (!command.states.includes(this.state))
        result = { status: 'BAD', text: notAllowed(command.states, this.state) };
      else {
        usesSequenceNumbers = command.usesSequenceNumbers === true;
        const args = command.parse(cursor, this);
        result = await command.run(this, args, raw.tag);
      }
    } catch (error) {
      if (error instanceof BrokenResponseError) {
        // Part of a response went out: a reply would be read as its missing octets. Close instead.
        this.context.log.error({ err: error, session: this.id, command: name }, 'imap response cut short');
        this.#close();
        return;
      }
      result =
        error instanceof ParseError
          ? { status: 'BAD', text: error.message }
          : failureFor(error, this.context.log, { session: this.id, command: name });
    }
    if (this.#isClosed) return;
    try {
      if (this.selected?.isStale) await this.refresh({ allowExpunge: !usesSequenceNumbers });
    } catch (error) {
      if (error instanceof DomainError && error.code === 'notFound') {
        // Another session or JMAP deleted the selected mailbox: nothing in it can be named any more, and
        // RFC 2180 §3.1 lets the server end the session rather than invent a state the client cannot follow.
        this.bye('The selected mailbox was deleted');
        return;
      }
      // The reply still goes out; the changes are reported at the next command.
      this.context.log.warn({ err: error, session: this.id }, 'imap refresh failed');
    }
    if (result.status === 'BAD') this.#countBad();
    else this.#consecutiveBad = 0;
    this.context.metrics.commands.inc({ command: name.split(' ').at(-1) ?? name, status: result.status });
    this.context.log.debug(
      { session: this.id, command: name, status: result.status, ms: this.context.clock.nowMs() - started },
      'imap command',
    );
    await this.send(taggedStatus(raw.tag, result.status, result.text, result.code, { utf8: this.utf8 }));
    // Compression starts right after the OK whatever follows: a shutdown BYE must be compressed too.
    if (result.then === 'compress') this.#startCompression();
    if (result.then === 'close') this.#hangUp();
    else if (this.#isShuttingDown) this.bye('Server shutting down, try again later');
    else if (result.then === 'startTls') await this.#upgradeToTls();
  }

  /**
   * RFC 4978 §3: everything after the CRLF of the tagged OK is compressed, both ways. The OK went out plain
   * (send() wrote it before this); what the client sent after COMPRESS is compressed already and sits unread
   * in the reader, which frames nothing while a command runs: it goes to the inflater first.
   */
  #startCompression(): void {
    if (this.#isClosed || this.#deflate !== undefined) return;
    const socket = this.#socket;
    this.#deflate = new DeflateLayer({
      socket,
      onInput: (chunk) => this.#onInput(chunk),
      onError: (error) => {
        this.context.log.debug({ err: error, session: this.id }, 'imap compressed stream broken');
        this.#close();
      },
    });
    this.#deflate.start(this.#reader.takeUnread());
  }

  /** End the connection after `last` (BYE) and whatever is queued; the socket closes once it is out. */
  #hangUp(last?: Buffer): void {
    const deflate = this.#deflate;
    if (deflate === undefined) {
      // Not destroy() at once: on TLS the last lines (LOGOUT's tagged OK, a BYE) still sit in the TLS layer and
      // would be lost with the close_notify. The socket closes once they are out, or is cut if that stalls.
      const socket = this.#socket;
      this.#isEnding = true;
      const cut = setTimeout(() => socket.destroy(), COMPRESSED_CLOSE_MS);
      cut.unref();
      socket.once('close', () => clearTimeout(cut));
      if (last === undefined) socket.end();
      else socket.end(last);
      this.#close();
      return;
    }
    // The deflater finishes asynchronously: the socket ends after its last byte, or is cut if that stalls.
    this.#isEnding = true;
    deflate.end(last);
    const socket = this.#socket;
    const cut = setTimeout(() => {
      deflate.destroy();
      socket.destroy();
    }, COMPRESSED_CLOSE_MS);
    cut.unref();
    socket.once('close', () => {
      clearTimeout(cut);
      deflate.destroy();
    });
    this.#close();
  }

  async #upgradeToTls(): Promise<void> {
    const secureContext = this.#startTls?.();
    if (secureContext === undefined) return;
    // The tagged OK goes out in the clear, before the handshake.
    this.#uncork();
    // Bytes sent after STARTTLS in the clear are an injection attempt (RFC 9051 §6.2.1): drop them.
    this.#reader.takeUnread();
    this.#reader = new CommandReader({ limits: this.#limits });
    const plain = this.#socket;
    plain.removeAllListeners('data');
    plain.removeAllListeners('timeout');
    const secure = new TLSSocket(plain, { isServer: true, secureContext });
    secure.setTimeout(TLS_HANDSHAKE_MS);
    this.#socket = secure;
    this.#isTls = true;
    this.#attach(secure);
    await Promise.race([once(secure, 'secure'), once(secure, 'close')]).catch(() => undefined);
    secure.setTimeout(this.state === 'notAuthenticated' ? PRE_AUTH_IDLE_MS : AUTHENTICATED_IDLE_MS);
  }

  #close(): void {
    if (this.#isClosed) return;
    this.#isClosed = true;
    this.#unsubscribe?.();
    this.#releaseUserSlot?.();
    this.#staleListeners.clear();
    const waiter = this.#lineWaiter;
    this.#lineWaiter = undefined;
    waiter?.(undefined);
    // A compressed hang-up ends the socket itself once the deflater's last byte is out (#hangUp()).
    if (!this.#isEnding) {
      this.#deflate?.destroy();
      if (!this.#socket.destroyed) this.#socket.destroy();
    }
    this.#onClose();
  }
}

/** Why a command cannot run in this state, in terms of what the client should do. */
function notAllowed(states: readonly SessionState[], state: SessionState): string {
  if (state === 'notAuthenticated') return 'Log in first';
  if (!states.includes('authenticated') && !states.includes('selected')) return 'Already logged in';
  if (state === 'authenticated') return 'Select a mailbox first';
  return 'Not allowed with a mailbox selected';
}

function isLoopback(address: string): boolean {
  return address === '::1' || address.startsWith('127.') || address.startsWith('::ffff:127.');
}
