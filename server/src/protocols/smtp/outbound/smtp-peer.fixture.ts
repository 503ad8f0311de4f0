// Test fixture: a remote SMTP server on 127.0.0.1 (smtp-server) whose replies a test scripts per command and
// recipient, recording every transaction it accepted: the MAIL FROM and RCPT TO parameters, the data, whether
// the session was encrypted and who authenticated. Closed when the test ends.

import type { AddressInfo } from 'node:net';
import type { TestContext } from 'node:test';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import type { MailDns, MxRecord } from './mail-dns.ts';

export interface PeerTransaction {
  readonly heloName: string;
  readonly mailFrom: string;
  readonly mailArgs: Readonly<Record<string, unknown>>;
  readonly recipients: readonly {
    readonly address: string;
    readonly args: Readonly<Record<string, unknown>>;
  }[];
  readonly data: Buffer;
  readonly isSecure: boolean;
  readonly user: string | undefined;
}

/** An error smtp-server turns into the reply `code text`. */
export function reply(code: number, text: string): Error {
  return Object.assign(new Error(text), { responseCode: code });
}

export interface PeerScript {
  /** Refuse MAIL FROM with this error. */
  mailFrom?: (address: string) => Error | undefined;
  /** Refuse one recipient with this error. */
  rcptTo?: (address: string) => Error | undefined;
  /** Refuse the data (after the final dot) with this error. */
  data?: () => Error | undefined;
}

export interface SmtpPeer {
  readonly port: number;
  readonly transactions: PeerTransaction[];
  /** Connections the server saw (including refused and broken ones). */
  connections: number;
  script: PeerScript;
  close(): Promise<void>;
}

export async function startSmtpPeer(
  t: TestContext,
  options: Partial<SMTPServerOptions> = {},
  credentials?: { user: string; pass: string },
): Promise<SmtpPeer> {
  const peer: SmtpPeer = {
    port: 0,
    transactions: [],
    connections: 0,
    script: {},
    close: async () => {},
  };
  const server = new SMTPServer({
    disableReverseLookup: true,
    logger: false,
    // Advertised like a modern MTA (smtp-server hides both by default).
    hideDSN: false,
    hideENHANCEDSTATUSCODES: false,
    authOptional: credentials === undefined,
    ...(credentials === undefined && { disabledCommands: ['AUTH'] }),
    onConnect(_session, callback) {
      peer.connections++;
      callback();
    },
    onAuth(auth, _session, callback) {
      if (
        credentials !== undefined &&
        auth.username === credentials.user &&
        auth.password === credentials.pass
      ) {
        return callback(null, { user: auth.username });
      }
      return callback(reply(535, 'authentication failed'));
    },
    onMailFrom(address, _session, callback) {
      callback(peer.script.mailFrom?.(address.address) ?? null);
    },
    onRcptTo(address, _session, callback) {
      callback(peer.script.rcptTo?.(address.address) ?? null);
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        const refusal = peer.script.data?.();
        if (refusal) return callback(refusal);
        const envelope = session.envelope;
        const mailFrom = envelope.mailFrom === false ? undefined : envelope.mailFrom;
        peer.transactions.push({
          heloName: session.hostNameAppearsAs,
          mailFrom: mailFrom?.address ?? '',
          mailArgs: (mailFrom?.args ?? {}) as Record<string, unknown>,
          recipients: envelope.rcptTo.map((r) => ({
            address: r.address,
            args: r.args as Record<string, unknown>,
          })),
          data: Buffer.concat(chunks),
          isSecure: session.secure,
          user: session.user as string | undefined,
        });
        callback();
      });
    },
    ...options,
  });
  server.on('error', () => {});
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.server.address() as AddressInfo).port;
  Object.assign(peer, { port, close: () => new Promise<void>((resolve) => server.close(() => resolve())) });
  t.after(() => peer.close());
  return peer;
}

/** DNS answers from a table: MX per domain, addresses per host; a missing domain is NXDOMAIN. */
export function staticMailDns(table: {
  mx?: Readonly<Record<string, readonly { exchange: string; priority: number }[] | Error>>;
  hosts?: Readonly<Record<string, readonly string[] | Error>>;
}): MailDns & { readonly asked: string[] } {
  const asked: string[] = [];
  const answer = <T>(value: T | Error | undefined, name: string, code = 'ENOTFOUND'): Promise<T> => {
    if (value instanceof Error) return Promise.reject(value);
    if (value === undefined) return Promise.reject(Object.assign(new Error(`${code} ${name}`), { code }));
    return Promise.resolve(value);
  };
  return {
    asked,
    resolveMx(domain) {
      asked.push(`MX ${domain}`);
      const known = table.mx?.[domain];
      // A name with addresses but no MX exists: that is "no data", not "no such domain".
      if (known === undefined && table.hosts?.[domain] !== undefined) {
        return answer<readonly MxRecord[]>(undefined, domain, 'ENODATA');
      }
      return answer<readonly MxRecord[]>(known, domain);
    },
    resolveAddresses(host) {
      asked.push(`A ${host}`);
      return answer(table.hosts?.[host], host);
    },
  };
}

/** An Error with a DNS failure code. */
export function dnsFailure(code: string): Error {
  return Object.assign(new Error(`DNS ${code}`), { code });
}
