// One SMTP client session with nodemailer's SMTPConnection, as promises: connect (greeting, EHLO with our host
// name, STARTTLS when offered), optional AUTH, then one transaction per `send`, RSET between, QUIT at the end.
// TLS is opportunistic unless required; an unverifiable certificate is used and reported, never fatal, except
// when `isTlsVerified` (a relay that gets our password).
// Security: the peer is untrusted; nodemailer bounds reply sizes, our timeouts bound every wait.

import assert from 'node:assert/strict';
import { isIP } from 'node:net';
import { TLSSocket } from 'node:tls';
import SMTPConnection, {
  type SMTPConnectionSendInfo,
  type SMTPEnvelope,
} from 'nodemailer/lib/smtp-connection';

/** After QUIT, how long the server gets to answer before the connection is closed anyway. */
const QUIT_WAIT_MS = 2_000;

export interface SessionOptions {
  /** The IP address to connect to. */
  readonly address: string;
  readonly port: number;
  /** The server's host name: TLS server name (SNI) and certificate identity. */
  readonly serverName: string;
  /** Our host name, for EHLO. */
  readonly heloName: string;
  /** TLS from the first byte (port 465) rather than STARTTLS. */
  readonly isImplicitTls: boolean;
  /** Fail when the server offers no STARTTLS (a relay that gets our password). */
  readonly isTlsRequired: boolean;
  /** Refuse a certificate that does not verify for `serverName`. */
  readonly isTlsVerified: boolean;
  /** Do not even offer STARTTLS (the retry after a broken TLS handshake). */
  readonly isTlsAvoided: boolean;
  readonly auth?: { readonly user: string; readonly pass: string };
  readonly timeouts: { readonly connect: number; readonly greeting: number; readonly idle: number };
  readonly signal: AbortSignal;
}

export interface TlsState {
  readonly isSecure: boolean;
  /** The certificate chain verified and names the server. */
  readonly isVerified: boolean;
  readonly protocol?: string;
  readonly cipher?: string;
  /** Why the certificate did not verify (e.g. DEPTH_ZERO_SELF_SIGNED_CERT). */
  readonly verifyError?: string;
}

export interface SmtpSession {
  /** EHLO keywords, upper case: PIPELINING, 8BITMIME, SMTPUTF8, DSN, SIZE… */
  readonly extensions: ReadonlySet<string>;
  readonly tls: TlsState;
  /** One mail transaction; rejects with nodemailer's error (responseCode, response, rejectedErrors…). */
  send(
    envelope: SMTPEnvelope,
    content: Buffer,
    options: { declareSmtputf8: boolean },
  ): Promise<SMTPConnectionSendInfo>;
  /** RSET, before the next transaction on this session. */
  reset(): Promise<void>;
  /** QUIT and close; safe to call twice. */
  end(): void;
}

/** The errors nodemailer raises carry these fields besides the message. */
export interface SmtpClientError extends Error {
  code?: string;
  command?: string;
  response?: string;
  responseCode?: number;
  rejectedErrors?: (Error & { recipient?: string; response?: string })[];
}

function extensionsOf(ehloReply: string | false): Set<string> {
  const keywords = new Set<string>();
  if (ehloReply === false) return keywords;
  // The first line is the greeting of the EHLO reply ("250-mx.example.org Hello"); the rest are keywords.
  for (const line of ehloReply.split(/\r?\n/).slice(1)) {
    const keyword = /^\d{3}[ -]([A-Za-z0-9][A-Za-z0-9-]*)/.exec(line)?.[1];
    if (keyword) keywords.add(keyword.toUpperCase());
  }
  return keywords;
}

function tlsStateOf(connection: SMTPConnection): TlsState {
  const socket = connection._socket;
  if (!connection.secure || !(socket instanceof TLSSocket)) return { isSecure: false, isVerified: false };
  const error = socket.authorizationError;
  return {
    isSecure: true,
    isVerified: socket.authorized,
    protocol: socket.getProtocol() ?? undefined,
    cipher: socket.getCipher()?.name,
    ...(error !== null && error !== undefined && { verifyError: String(error) }),
  };
}

interface CommandWriter {
  _sendCommand(command: string, logCommand?: string): void;
}

/**
 * XXX: nodemailer 10.6 adds SMTPUTF8 to MAIL FROM only for non-ASCII addresses, but RFC 6531 §3.4 needs it for
 * a UTF-8 header as well. Until it takes an option, the MAIL FROM command is amended on its way out (pinned
 * version; smtp-delivery-agent.test.ts checks the server receives the parameter).
 */
function declaringSmtputf8(connection: SMTPConnection): () => void {
  const writer = connection as unknown as CommandWriter;
  assert.equal(typeof writer._sendCommand, 'function', 'nodemailer no longer has _sendCommand');
  const original = writer._sendCommand;
  writer._sendCommand = function amended(this: CommandWriter, command: string, logCommand?: string) {
    const isMailFrom = /^MAIL FROM:/i.test(command) && !/\sSMTPUTF8(?:\s|$)/i.test(command);
    original.call(this, isMailFrom ? `${command} SMTPUTF8` : command, logCommand);
  };
  return () => {
    writer._sendCommand = original;
  };
}

/**
 * Run one nodemailer call to its callback, or to the connection's end or error, whichever comes first: a
 * server that hangs up mid-command must not leave the call waiting forever.
 */
function settle<T>(
  connection: SMTPConnection,
  lastError: () => Error | undefined,
  run: (done: (error: Error | null | undefined, value?: T) => void) => void,
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    const onEnd = () => finish(lastError() ?? new Error('the server closed the connection'));
    const onError = (error: Error) => finish(error);
    const finish = (error: Error | null | undefined, value?: T) => {
      connection.off('end', onEnd);
      connection.off('error', onError);
      if (error) reject(error);
      else resolve(value as T);
    };
    connection.once('end', onEnd);
    connection.once('error', onError);
    run(finish);
  });
}

export async function openSession(options: SessionOptions): Promise<SmtpSession> {
  // SNI carries host names only (RFC 6066 §3); an address literal relay gets none.
  const serverName = isIP(options.serverName) ? undefined : options.serverName;
  const connection = new SMTPConnection({
    host: options.address,
    port: options.port,
    ...(serverName !== undefined && { servername: serverName }),
    name: options.heloName,
    secure: options.isImplicitTls,
    requireTLS: options.isTlsRequired,
    ignoreTLS: options.isTlsAvoided && !options.isTlsRequired,
    opportunisticTLS: !options.isTlsRequired,
    tls: {
      rejectUnauthorized: options.isTlsVerified,
      ...(serverName !== undefined && { servername: serverName }),
    },
    connectionTimeout: options.timeouts.connect,
    greetingTimeout: options.timeouts.greeting,
    socketTimeout: options.timeouts.idle,
    logger: false,
  });
  let lastError: SmtpClientError | undefined;
  // An 'error' event without a listener would crash the process; the pending call rejects with it anyway.
  connection.on('error', (error: SmtpClientError) => {
    lastError = error;
  });
  const onAbort = () => connection.close();
  options.signal.addEventListener('abort', onAbort, { once: true });
  const end = () => {
    options.signal.removeEventListener('abort', onAbort);
    // QUIT closes on the server's reply; a server that never answers is closed after a short wait.
    connection.quit();
    setTimeout(() => connection.close(), QUIT_WAIT_MS).unref();
  };

  try {
    options.signal.throwIfAborted();
    await settle<void>(
      connection,
      () => lastError,
      (done) => connection.connect(() => done(null)),
    );
    const extensions = extensionsOf(connection.lastServerResponse);
    const tls = tlsStateOf(connection);
    if (options.auth) {
      const credentials = { user: options.auth.user, pass: options.auth.pass };
      await settle<void>(
        connection,
        () => lastError,
        (done) => connection.login(credentials, (e) => done(e)),
      );
    }
    return {
      extensions,
      tls,
      async send(envelope, content, sendOptions) {
        const restore = sendOptions.declareSmtputf8 ? declaringSmtputf8(connection) : () => {};
        try {
          return await settle<SMTPConnectionSendInfo>(
            connection,
            () => lastError,
            (done) => connection.send(envelope, content, done),
          );
        } finally {
          restore();
        }
      },
      reset: () =>
        settle<void>(
          connection,
          () => lastError,
          (done) => connection.reset((e) => done(e)),
        ),
      end,
    };
  } catch (error) {
    end();
    throw error;
  }
}
