// The web app's JMAP client (RFC 8620): the session resource, then requests of several method calls with
// back-references, signed in by the session cookie plus the session's CSRF token on every POST (docs/jmap.md).
// A method error comes back as a JmapMethodError; a signed-out session as SignedOutError, so the app can show
// its login over the screen without losing what is open.

import type { Invocation, JmapRequest, JmapResponse, JmapSession } from '@vercors/contract';

/** What the client needs from the browser: fetch, and the CSRF token of the current session. */
export interface JmapTransport {
  readonly fetch: typeof fetch;
  csrfToken(): string | undefined;
}

export class SignedOutError extends Error {
  constructor() {
    super('signed out');
    this.name = 'SignedOutError';
  }
}

/** A request the server refused as a whole (RFC 8620 §3.6.1), or an unreachable server. */
export class JmapRequestError extends Error {
  readonly status: number;
  readonly type: string;

  constructor(status: number, type: string, detail?: string) {
    super(detail ? `${type}: ${detail}` : type);
    this.name = 'JmapRequestError';
    this.status = status;
    this.type = type;
  }
}

/** A method call answered with `error` (RFC 8620 §3.6.2). */
export class JmapMethodError extends Error {
  readonly type: string;
  readonly callId: string;

  constructor(callId: string, type: string, description?: string) {
    super(description ? `${type}: ${description}` : type);
    this.name = 'JmapMethodError';
    this.type = type;
    this.callId = callId;
  }
}

/** `#ref` of a back-reference (RFC 8620 §3.7): the result of call `resultOf` at `path`. */
export function ref(
  resultOf: string,
  name: string,
  path: string,
): { resultOf: string; name: string; path: string } {
  return { resultOf, name, path };
}

export interface JmapClient {
  readonly session: JmapSession;
  /** The account that holds the user's mail. */
  readonly accountId: string;
  /**
   * Run the calls in one request; each call's response arguments by call id (an implicit response that
   * follows under the same id is not it). Throws on any method error.
   */
  call(calls: readonly Invocation[]): Promise<Map<string, Record<string, unknown>>>;
}

const USING = [
  'urn:ietf:params:jmap:core',
  'urn:ietf:params:jmap:mail',
  'urn:ietf:params:jmap:submission',
  'urn:ietf:params:jmap:mdn',
  'urn:ietf:params:jmap:contacts',
  'urn:vercors:jmap',
];

export async function openJmapClient(
  transport: JmapTransport,
  sessionUrl = '/.well-known/jmap',
): Promise<JmapClient> {
  const session = (await readJson(
    await send(transport, sessionUrl, { method: 'GET', headers: { Accept: 'application/json' } }),
  )) as JmapSession;
  const accountId = session.primaryAccounts['urn:ietf:params:jmap:mail'];
  if (accountId === undefined) throw new JmapRequestError(0, 'noMailAccount');
  return {
    session,
    accountId,
    async call(calls) {
      const body: JmapRequest = { using: USING, methodCalls: calls };
      const headers: Record<string, string> = {
        'Content-Type': 'application/json',
        Accept: 'application/json',
      };
      const token = transport.csrfToken();
      if (token !== undefined) headers['X-CSRF-Token'] = token;
      const response = (await readJson(
        await send(transport, session.apiUrl, { method: 'POST', headers, body: JSON.stringify(body) }),
      )) as JmapResponse;
      const results = new Map<string, Record<string, unknown>>();
      for (const [name, args, callId] of response.methodResponses) {
        if (name === 'error') {
          throw new JmapMethodError(callId, String(args.type), args.description as string | undefined);
        }
        // An implicit call answers under the same id after its method (EmailSubmission/set's
        // onSuccessUpdateEmail is followed by an Email/set, RFC 8621 §7.5): the id names the first.
        if (!results.has(callId)) results.set(callId, args as Record<string, unknown>);
      }
      return results;
    },
  };
}

async function send(transport: JmapTransport, url: string, init: RequestInit): Promise<Response> {
  let response: Response;
  try {
    response = await transport.fetch(url, { ...init, credentials: 'same-origin' });
  } catch (error) {
    throw new JmapRequestError(0, 'network', (error as Error).message);
  }
  if (response.status === 401) throw new SignedOutError();
  if (!response.ok) {
    const problem = (await response.json().catch(() => ({}))) as { type?: string; detail?: string };
    throw new JmapRequestError(response.status, problem.type ?? `http${response.status}`, problem.detail);
  }
  return response;
}

async function readJson(response: Response): Promise<unknown> {
  try {
    return await response.json();
  } catch {
    throw new JmapRequestError(response.status, 'notJson');
  }
}
