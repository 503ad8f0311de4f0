// A minimal JMAP client for benchmarks (RFC 8620): the session resource, then API requests as JSON over one
// kept-alive HTTP/1.1 connection per client, as a webmail tab holds one, with HTTP Basic on every request.
// Every request is bounded in time and its response in size, and it only ever talks to 127.0.0.1: the session's
// URLs are used for their paths, never their hosts. The same code drives every server it is pointed at.

import { Agent, request, type IncomingMessage } from 'node:http';

/**
 * The connection may stay silent this long during a request (the socket's idle timeout): a full-text query of a
 * common word over 100,000 messages may take seconds on one server or another; a hung one is cut.
 */
const REQUEST_TIMEOUT_MS = 300_000;
/** One response: 50 emails with their list properties are a few tens of KiB; a runaway answer is not. */
const MAX_RESPONSE_BYTES = 64 * 1024 * 1024;
/** Redirects followed to the session resource (Cyrus answers /.well-known/jmap with a 301). */
const MAX_REDIRECTS = 3;
/**
 * Times a request refused for `maxConcurrentRequests` (RFC 8620 §3.6.1, a limit the server may enforce per
 * account) is sent again, each after a short pause: a client that respects the limit waits for a slot.
 */
const MAX_LIMIT_RETRIES = 200;
const LIMIT_RETRY_PAUSE_MS = 2;

export const JMAP_USING = ['urn:ietf:params:jmap:core', 'urn:ietf:params:jmap:mail'] as const;

export type MethodCall = readonly [name: string, args: Record<string, unknown>, callId: string];
export type MethodResponse = [name: string, args: Record<string, unknown>, callId: string];

export interface JmapClientOptions {
  readonly port: number;
  readonly user: string;
  readonly password: string;
}

export interface JmapClient {
  /** The primary mail account, from the session. */
  readonly accountId: string;
  /** The path of the API endpoint, from the session (`/jmap/api`, `/jmap/`). */
  readonly apiPath: string;
  /** Requests refused for maxConcurrentRequests and sent again, since the client was opened. */
  readonly limitRetries: number;
  /** One API request; the method responses in order. Anything else than a 200 with JSON is an error. */
  call(methodCalls: readonly MethodCall[]): Promise<MethodResponse[]>;
  close(): void;
}

interface HttpAnswer {
  readonly status: number;
  readonly location: string | undefined;
  readonly body: string;
}

export async function openJmapClient(options: JmapClientOptions): Promise<JmapClient> {
  // One connection, kept alive between requests.
  const agent = new Agent({ keepAlive: true, maxSockets: 1 });
  const authorization = `Basic ${Buffer.from(`${options.user}:${options.password}`).toString('base64')}`;
  const send = (method: 'GET' | 'POST', path: string, body?: string) =>
    exchange(agent, options.port, method, path, authorization, body);

  try {
    let path = '/.well-known/jmap';
    let answer = await send('GET', path);
    for (let hops = 0; answer.status >= 300 && answer.status < 400 && hops < MAX_REDIRECTS; hops++) {
      path = pathOf(answer.location ?? path);
      answer = await send('GET', path);
    }
    if (answer.status !== 200)
      throw new Error(`session ${path}: HTTP ${answer.status} ${answer.body.slice(0, 200)}`);
    const session = JSON.parse(answer.body) as {
      apiUrl?: string;
      primaryAccounts?: Record<string, string>;
    };
    const accountId = session.primaryAccounts?.['urn:ietf:params:jmap:mail'];
    if (typeof session.apiUrl !== 'string' || accountId === undefined)
      throw new Error(`session without apiUrl or mail account: ${answer.body.slice(0, 200)}`);
    const apiPath = pathOf(session.apiUrl);
    let limitRetries = 0;
    return {
      accountId,
      apiPath,
      get limitRetries() {
        return limitRetries;
      },
      async call(methodCalls) {
        const body = JSON.stringify({ using: JMAP_USING, methodCalls });
        for (let attempt = 0; ; attempt++) {
          const reply = await send('POST', apiPath, body);
          if (reply.status === 200) return parseResponses(reply.body);
          if (attempt < MAX_LIMIT_RETRIES && isConcurrencyLimit(reply)) {
            limitRetries++;
            await new Promise((resolve) => setTimeout(resolve, LIMIT_RETRY_PAUSE_MS));
            continue;
          }
          throw new Error(`${apiPath}: HTTP ${reply.status} ${reply.body.slice(0, 200)}`);
        }
      },
      close: () => agent.destroy(),
    };
  } catch (error) {
    agent.destroy();
    throw error;
  }
}

/** The path and query of a URL the server gave, absolute or relative: requests stay on 127.0.0.1. */
function pathOf(url: string): string {
  const parsed = new URL(url, 'http://127.0.0.1');
  return `${parsed.pathname}${parsed.search}`;
}

function isConcurrencyLimit(answer: HttpAnswer): boolean {
  if (answer.status !== 400 && answer.status !== 429) return false;
  try {
    const problem = JSON.parse(answer.body) as { type?: string; limit?: string };
    return problem.type === 'urn:ietf:params:jmap:error:limit' && problem.limit === 'maxConcurrentRequests';
  } catch {
    return false;
  }
}

function parseResponses(body: string): MethodResponse[] {
  const parsed = JSON.parse(body) as { methodResponses?: MethodResponse[] };
  if (!Array.isArray(parsed.methodResponses)) throw new Error(`no methodResponses: ${body.slice(0, 200)}`);
  return parsed.methodResponses;
}

/** One HTTP exchange on the agent's connection, bounded in time and in response size. */
function exchange(
  agent: Agent,
  port: number,
  method: 'GET' | 'POST',
  path: string,
  authorization: string,
  body?: string,
): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = { authorization, accept: 'application/json' };
    if (body !== undefined) {
      headers['content-type'] = 'application/json';
      headers['content-length'] = String(Buffer.byteLength(body));
    }
    const outgoing = request({ host: '127.0.0.1', port, method, path, agent, headers }, (response) => {
      readAnswer(response).then(resolve, reject);
    });
    outgoing.setTimeout(REQUEST_TIMEOUT_MS, () =>
      outgoing.destroy(new Error(`${method} ${path}: no answer within ${REQUEST_TIMEOUT_MS} ms`)),
    );
    outgoing.once('error', reject);
    outgoing.end(body);
  });
}

function readAnswer(response: IncomingMessage): Promise<HttpAnswer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let bytes = 0;
    response.on('data', (chunk: Buffer) => {
      bytes += chunk.length;
      if (bytes > MAX_RESPONSE_BYTES) {
        response.destroy(new Error(`a response of more than ${MAX_RESPONSE_BYTES} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    response.once('error', reject);
    response.once('end', () =>
      resolve({
        status: response.statusCode ?? 0,
        location: response.headers.location,
        body: Buffer.concat(chunks).toString('utf8'),
      }),
    );
  });
}
