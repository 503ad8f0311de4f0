// Runs SMTP and IMAP transcripts (STYLE.md §3.7, James mpt scripts) against a real listener on loopback. A transcript
// is lines of `C: text` (sent at once, CRLF added: several C lines in a row are pipelining), `S: regex`
// (the next reply line must match), and directives: `STARTTLS` (upgrade the client socket), `CLOSED` (the
// server hangs up), `SEND-BYTES: n` (n bytes of message lines), `WAIT: ms`. `${NAME}` takes a variable; a
// named group in an S: pattern, `(?<NAME>\d+)`, makes one from the reply for the lines after it (a
// UIDVALIDITY or a HIGHESTMODSEQ that a later command sends back or a later reply repeats).
// Every wait is bounded (STEP_TIMEOUT_MS), so a wrong server fails the test instead of hanging it.

import { connect as connectPlain, type Socket } from 'node:net';
import { connect as connectTls, type TLSSocket } from 'node:tls';

/** Longest wait for one reply line or the close. */
export const STEP_TIMEOUT_MS = 10_000;

export type TranscriptStep =
  | { readonly kind: 'client'; readonly text: string; readonly line: number }
  | { readonly kind: 'server'; readonly pattern: RegExp; readonly line: number }
  | { readonly kind: 'starttls'; readonly line: number }
  | { readonly kind: 'closed'; readonly line: number }
  | { readonly kind: 'sendBytes'; readonly bytes: number; readonly line: number }
  | { readonly kind: 'wait'; readonly ms: number; readonly line: number };

export interface Transcript {
  /** `# listener: smtp` style headers. */
  readonly options: Readonly<Record<string, string>>;
  readonly steps: readonly TranscriptStep[];
}

export function parseTranscript(text: string, variables: Readonly<Record<string, string>> = {}): Transcript {
  const options: Record<string, string> = {};
  const steps: TranscriptStep[] = [];
  const substitute = (value: string) =>
    value.replace(/\$\{(\w+)\}/g, (whole, name: string) => variables[name] ?? whole);
  text.split('\n').forEach((raw, index) => {
    const line = index + 1;
    const content = raw.replace(/\r$/, '');
    if (content.trim() === '') return;
    const option = /^#\s*(\w[\w-]*):\s*(.*)$/.exec(content);
    if (option) {
      options[option[1] ?? ''] = (option[2] ?? '').trim();
      return;
    }
    if (content.startsWith('#')) return;
    if (content.startsWith('C: ') || content === 'C:') {
      steps.push({ kind: 'client', text: substitute(content.slice(3)), line });
    } else if (content.startsWith('S: ')) {
      steps.push({ kind: 'server', pattern: new RegExp(substitute(content.slice(3))), line });
    } else if (content === 'STARTTLS') {
      steps.push({ kind: 'starttls', line });
    } else if (content === 'CLOSED') {
      steps.push({ kind: 'closed', line });
    } else if (content.startsWith('SEND-BYTES: ')) {
      steps.push({ kind: 'sendBytes', bytes: Number(content.slice(12)), line });
    } else if (content.startsWith('WAIT: ')) {
      steps.push({ kind: 'wait', ms: Number(content.slice(6)), line });
    } else {
      throw new Error(`transcript line ${line}: cannot read ${JSON.stringify(content)}`);
    }
  });
  return { options, steps };
}

/** Line reader over a socket that can be swapped for its TLS upgrade. */
class ReplyReader {
  #buffer = '';
  #lines: string[] = [];
  #isClosed = false;
  #waiter: (() => void) | undefined;

  attach(socket: Socket | TLSSocket): void {
    socket.on('data', (chunk: Buffer) => {
      this.#buffer += chunk.toString('utf8');
      let end = this.#buffer.indexOf('\r\n');
      while (end >= 0) {
        this.#lines.push(this.#buffer.slice(0, end));
        this.#buffer = this.#buffer.slice(end + 2);
        end = this.#buffer.indexOf('\r\n');
      }
      this.#wake();
    });
    socket.on('close', () => {
      this.#isClosed = true;
      this.#wake();
    });
    socket.on('error', () => undefined);
  }

  detach(socket: Socket): void {
    socket.removeAllListeners('data');
    socket.removeAllListeners('close');
  }

  async next(what: string): Promise<string | undefined> {
    const deadline = Date.now() + STEP_TIMEOUT_MS;
    while (this.#lines.length === 0 && !this.#isClosed) {
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.#waiter = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
    return this.#lines.shift();
  }

  get isClosed(): boolean {
    return this.#isClosed;
  }

  #wake(): void {
    const waiter = this.#waiter;
    this.#waiter = undefined;
    waiter?.();
  }
}

/** Run `transcript` against 127.0.0.1:`port`; throws at the first step that does not hold. */
export async function runTranscript(
  transcript: Transcript,
  port: number,
  isImplicitTls: boolean,
): Promise<string[]> {
  const seen: string[] = [];
  /** Values taken from replies by the patterns' named groups. */
  const captured: Record<string, string> = {};
  const reader = new ReplyReader();
  let socket: Socket | TLSSocket = await open(port, isImplicitTls);
  reader.attach(socket);
  try {
    for (const step of transcript.steps) {
      const at = `transcript line ${step.line}`;
      switch (step.kind) {
        case 'client': {
          const text = step.text.replace(VARIABLE, (whole, name: string) => captured[name] ?? whole);
          seen.push(`C: ${text}`);
          socket.write(`${text}\r\n`);
          break;
        }
        case 'server': {
          const reply = await reader.next(`${at} (${step.pattern.source})`);
          if (reply === undefined)
            throw new Error(`${at}: connection closed, expected ${step.pattern.source}`);
          seen.push(`S: ${reply}`);
          const match = withCaptured(step.pattern, captured).exec(reply);
          if (!match) {
            throw new Error(
              `${at}: ${JSON.stringify(reply)} does not match /${step.pattern.source}/\n${seen.join('\n')}`,
            );
          }
          Object.assign(captured, match.groups);
          break;
        }
        case 'starttls': {
          const plain = socket as Socket;
          reader.detach(plain);
          socket = await upgrade(plain);
          reader.attach(socket);
          break;
        }
        case 'closed': {
          const extra = await reader.next(`${at} (close)`);
          if (extra !== undefined || !reader.isClosed) {
            throw new Error(`${at}: expected the server to close, got ${JSON.stringify(extra)}`);
          }
          break;
        }
        case 'sendBytes':
          socket.write(messageLines(step.bytes));
          break;
        case 'wait':
          await new Promise((resolve) => setTimeout(resolve, step.ms));
          break;
      }
    }
  } finally {
    socket.destroy();
  }
  return seen;
}

const VARIABLE = /\$\{(\w+)\}/g;

/** `pattern` with the captured values it names, as literal text. */
function withCaptured(pattern: RegExp, captured: Readonly<Record<string, string>>): RegExp {
  if (!pattern.source.includes('${')) return pattern;
  return new RegExp(
    pattern.source.replace(VARIABLE, (whole, name: string) => {
      const value = captured[name];
      return value === undefined ? whole : value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    }),
  );
}

function open(port: number, isTls: boolean): Promise<Socket | TLSSocket> {
  return new Promise((resolve, reject) => {
    const socket = isTls
      ? connectTls({ host: '127.0.0.1', port, rejectUnauthorized: false }, () => resolve(socket))
      : connectPlain({ host: '127.0.0.1', port }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function upgrade(socket: Socket): Promise<TLSSocket> {
  return new Promise((resolve, reject) => {
    const secure = connectTls({ socket, rejectUnauthorized: false, servername: 'localhost' }, () =>
      resolve(secure),
    );
    secure.once('error', reject);
  });
}

/** About `bytes` bytes of 78-character lines (no line starts with a dot). */
function messageLines(bytes: number): string {
  const line = `${'x'.repeat(76)}\r\n`;
  return line.repeat(Math.max(1, Math.ceil(bytes / line.length)));
}
