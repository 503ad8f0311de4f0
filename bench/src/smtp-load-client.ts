// A minimal SMTP client for the benchmark (the same as e2e's): one connection, EHLO once, then messages one
// after another with the envelope pipelined (RFC 2920). Every wait is bounded; a missing reply is an error.

import { connect, type Socket } from 'node:net';

export const REPLY_TIMEOUT_MS = 30_000;

export interface SmtpSession {
  /** Send one message; resolves with the final reply line after DATA (or the first refusal). */
  send(from: string, to: readonly string[], raw: string): Promise<string>;
  quit(): Promise<void>;
  readonly socket: Socket;
}

export async function openSmtpSession(port: number, helo = 'load.example.org'): Promise<SmtpSession> {
  const socket = connect({ host: '127.0.0.1', port });
  socket.setNoDelay(true);
  let buffer = '';
  const lines: string[] = [];
  let waiter: (() => void) | undefined;
  let isClosed = false;
  socket.on('data', (chunk: Buffer) => {
    buffer += chunk.toString('latin1');
    for (let end = buffer.indexOf('\r\n'); end >= 0; end = buffer.indexOf('\r\n')) {
      lines.push(buffer.slice(0, end));
      buffer = buffer.slice(end + 2);
    }
    waiter?.();
  });
  socket.on('close', () => {
    isClosed = true;
    waiter?.();
  });
  socket.on('error', () => undefined);

  /** The next complete reply (last line of a multi-line one). */
  const reply = async (): Promise<string> => {
    const until = Date.now() + REPLY_TIMEOUT_MS;
    for (;;) {
      const index = lines.findIndex((line) => /^\d{3} /.test(line) || line.length < 4);
      if (index >= 0) return lines.splice(0, index + 1).at(-1) ?? '';
      if (isClosed) throw new Error('connection closed');
      const left = until - Date.now();
      if (left <= 0) throw new Error('reply timed out');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        waiter = () => {
          clearTimeout(timer);
          waiter = undefined;
          resolve();
        };
      });
    }
  };

  await new Promise<void>((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('error', reject);
  });
  const greeting = await reply();
  if (!greeting.startsWith('220')) throw new Error(`greeting: ${greeting}`);
  socket.write(`EHLO ${helo}\r\n`);
  const ehlo = await reply();
  if (!ehlo.startsWith('250')) throw new Error(`EHLO: ${ehlo}`);

  return {
    socket,
    async send(from, to, raw) {
      socket.write(`MAIL FROM:<${from}>\r\n${to.map((rcpt) => `RCPT TO:<${rcpt}>\r\n`).join('')}DATA\r\n`);
      const mail = await reply();
      const rcpts = [];
      for (let i = 0; i < to.length; i++) rcpts.push(await reply());
      const data = await reply();
      if (!data.startsWith('354'))
        return mail.startsWith('250') ? (rcpts.find((r) => !r.startsWith('250')) ?? data) : mail;
      const body = raw.replace(/\r?\n/g, '\r\n').replace(/^\./gm, '..');
      socket.write(`${body}${body.endsWith('\r\n') ? '' : '\r\n'}.\r\n`);
      return await reply();
    },
    async quit() {
      if (isClosed) return;
      socket.write('QUIT\r\n');
      await reply().catch(() => undefined);
      socket.destroy();
    },
  };
}
