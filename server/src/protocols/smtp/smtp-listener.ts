// One SMTP listening socket — MX (25), submission with STARTTLS (587) or implicit TLS (465) — over
// smtp-server. We accept sockets ourselves, so that before smtp-server sees a connection we can count it per
// IP, hold the MX greeting for the early-talker check, do the implicit TLS handshake with the current
// certificate, and during a drain answer new connections 421 while DATA in flight finishes.
// Security: network input; every bound is in limits.ts or settings.ts.

import { createServer, type Server, type Socket } from 'node:net';
import type { SecureContext } from 'node:tls';
import { randomBytes } from 'node:crypto';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { formatListen, type ListenAddress } from '#core/config';
import { boundPort, handshakeImplicitTls, ListenerSockets, listenOn } from '#core/listening-sockets';
import { POLICY_REPLIES } from './error-replies.ts';
import { onAuth } from './inbound/auth.ts';
import { onClose, onConnect } from './inbound/connect.ts';
import { wrapConnectionReplies, type ConnectionSend } from './inbound/connection-replies.ts';
import { onData } from './inbound/data.ts';
import { waitForQuietClient } from './inbound/early-talker.ts';
import { onMailFrom } from './inbound/mail.ts';
import { onRcptTo } from './inbound/rcpt.ts';
import type { SmtpContext } from './inbound/smtp-context.ts';
import { IDLE_TIMEOUT_MS, MAX_COMMAND_LINE_BYTES, TLS_HANDSHAKE_TIMEOUT_MS } from './limits.ts';
import { formatReply, type SmtpReply } from './smtp-reply.ts';

export interface SmtpTls {
  readonly certificate: string;
  readonly privateKey: string;
  /** The context for a new handshake (follows reloads). */
  current(): SecureContext;
  readonly sniCallback: (
    servername: string,
    callback: (error: Error | null, context?: SecureContext) => void,
  ) => void;
}

export interface SmtpListenerOptions {
  readonly address: ListenAddress;
  readonly context: SmtpContext;
  readonly tls: SmtpTls;
}

export interface SmtpListener {
  readonly name: string;
  readonly address: string;
  isUp(): boolean;
  listen(): Promise<void>;
  /** New STARTTLS handshakes use this pair (implicit TLS follows `tls.current()` by itself). */
  setCertificate(pair: { readonly certificate: string; readonly privateKey: string }): void;
  /** Refuse new connections (421), let DATA in flight finish, close the rest at `graceMs`. */
  close(graceMs: number): Promise<{ readonly cut: number }>;
  /** The bound port (tests bind port 0). */
  port(): number;
}

/** The connection objects smtp-server keeps (typed `Set<any>` upstream). */
interface SmtpConnection extends ConnectionSend {
  readonly session?: { readonly id?: string };
  close(): void;
}

export function createSmtpListener(options: SmtpListenerOptions): SmtpListener {
  const { context, tls } = options;
  const { listener: kind, settings, log, metrics } = context;
  const isImplicitTls = kind === 'submissions';
  const isMx = kind === 'smtp';
  let isDraining = false;
  const drainingContext: SmtpContext = { ...context, isDraining: () => isDraining };

  const serverOptions: SMTPServerOptions & Record<string, unknown> = {
    name: context.hostname,
    banner: 'Vercors',
    secure: isImplicitTls,
    key: tls.privateKey,
    cert: tls.certificate,
    SNICallback: tls.sniCallback,
    minVersion: 'TLSv1.2',
    size: settings.maxMessageSize,
    maxRecipients: isMx ? settings.maxRecipients : settings.submissionMaxRecipients,
    maxCommandLength: MAX_COMMAND_LINE_BYTES,
    socketTimeout: IDLE_TIMEOUT_MS,
    hideENHANCEDSTATUSCODES: false,
    hideDSN: false,
    hidePIPELINING: false,
    hide8BITMIME: false,
    hideSMTPUTF8: false,
    // The MX takes no AUTH (submission does); STARTTLS is offered everywhere it is not implicit.
    disabledCommands: isMx ? ['AUTH'] : [],
    authMethods: ['PLAIN', 'LOGIN'],
    authOptional: isMx,
    // AUTH refused before TLS (538) on 587; smtp-server's other default.
    allowInsecureAuth: false,
    disableReverseLookup: true,
    logger: false,
    onConnect: (session, done) => onConnect(drainingContext, session, done),
    onAuth: (auth, session, done) => onAuth(drainingContext, auth, session, done),
    onMailFrom: (address, session, done) => onMailFrom(drainingContext, address, session, done),
    onRcptTo: (address, session, done) => onRcptTo(drainingContext, address, session, done),
    onData: (stream, session, done) => onData(drainingContext, stream, session, done),
    onClose: (session) => onClose(drainingContext, session),
  };
  const smtp = new SMTPServer(serverOptions);
  smtp.on('error', (error: Error) => log.debug({ err: error, listener: kind }, 'smtp connection error'));

  const sockets = new ListenerSockets(() => settings);
  const name = kind;
  const address = formatListen(options.address);

  const refuse = (socket: Socket, reply: SmtpReply, reason: string) => {
    metrics.refusedConnections.inc({ listener: kind, reason });
    // Implicit TLS: nothing readable can be said before the handshake; just close.
    if (isImplicitTls) socket.destroy();
    else socket.end(`${formatReply({ ...reply, text: `${context.hostname} ${reply.text}` })}\r\n`);
  };

  const hand = (socket: Socket) => {
    const id = randomBytes(8).toString('hex');
    smtp.connect(socket, { id } as never);
    // smtp-server adds the connection to its set synchronously in connect(): the newest one is ours.
    const connection = [...(smtp.connections as Set<SmtpConnection>)].at(-1);
    if (connection) {
      wrapConnectionReplies(connection, {
        maxCommandsPerMinute: settings.maxCommandsPerMinute,
        clock: context.clock,
      });
    }
  };

  const accept = async (socket: Socket) => {
    socket.on('error', (error) => log.debug({ err: error, listener: kind }, 'smtp socket error'));
    const admission = sockets.admit(socket);
    metrics.connections.inc({ listener: kind });
    metrics.openConnections.inc({ listener: kind });
    socket.once('close', () => metrics.openConnections.inc({ listener: kind }, -1));
    if (isDraining) return refuse(socket, POLICY_REPLIES.shuttingDown, 'draining');
    if (admission !== 'ok') return refuse(socket, POLICY_REPLIES.tooManyConnections, admission);
    if (isImplicitTls) return handshake(socket);
    if (isMx && !(await waitForQuietClient(socket, settings.greetingDelay))) {
      if (socket.destroyed) return;
      log.info({ listener: kind, remote: socket.remoteAddress }, 'early talker refused');
      return refuse(socket, POLICY_REPLIES.earlyTalker, 'earlyTalker');
    }
    if (isDraining) return refuse(socket, POLICY_REPLIES.shuttingDown, 'draining');
    hand(socket);
  };

  const handshake = (socket: Socket) => {
    const implicitTls = {
      secureContext: tls.current(),
      sniCallback: tls.sniCallback,
      timeoutMs: TLS_HANDSHAKE_TIMEOUT_MS,
    };
    handshakeImplicitTls(socket, implicitTls, {
      onFailure: (error) => log.debug({ err: error, listener: kind }, 'TLS handshake failed'),
      onSecure: (secure) => {
        if (isDraining) return secure.destroy();
        hand(secure as unknown as Socket);
      },
    });
  };

  const server: Server = createServer({ noDelay: true }, (socket) => void accept(socket));

  return {
    name,
    address,
    isUp: () => server.listening && !isDraining,
    port: () => boundPort(server),
    listen: () => listenOn(server, options.address),
    setCertificate(pair) {
      smtp.updateSecureContext({ key: pair.privateKey, cert: pair.certificate });
    },
    close(graceMs) {
      if (isDraining) return Promise.resolve({ cut: 0 });
      isDraining = true;
      // smtp-server now answers 421 to every command; a DATA in flight finishes and gets its reply first.
      smtp.close();
      for (const connection of smtp.connections as Set<SmtpConnection>) {
        const state = connection.session?.id ? context.sessions.get(connection.session.id) : undefined;
        if (!state?.isInData) connection.send(421, `4.3.2 ${context.hostname} Service shutting down`, false);
      }
      // Connections leave as their DATA completes and their next command meets the 421.
      return sockets
        .drain(graceMs)
        .then((cut) => new Promise((resolve) => server.close(() => resolve({ cut }))));
    },
  };
}
