// The web app's client for the identity endpoints past the login (docs/access.md "Endpoints"): JSON both ways,
// the session cookie (same origin), X-CSRF-Token on every call but GET, and the app's language in
// Accept-Language so a refusal's `message` is in the person's words. A refusal `{error, message}` becomes an
// AuthRefusal carrying both; an ended session (401 signedOut) the shell's SignedOutError, and a server that
// does not answer a JmapRequestError 'network', so the shell shows its one notice for either.

import { JmapRequestError, SignedOutError } from '../../jmap/jmap-client.ts';

/** A call that takes longer is a server in trouble: the shell says so rather than the screen waiting on. */
const REQUEST_TIMEOUT_MS = 30_000;

export interface AuthTransport {
  readonly fetch: typeof fetch;
  /** The session's CSRF token now (it changes when an enrolment session becomes a signed-in one). */
  csrfToken(): string;
  /** `fr` or `en`: the language of the refusals' messages. */
  locale(): string;
}

/** The server said no: `code` is stable (wrongPassword, reauthenticate, limit…), `message` in the person's words. */
export class AuthRefusal extends Error {
  readonly code: string;
  readonly status: number;

  constructor(status: number, code: string, message: string) {
    super(message);
    this.name = 'AuthRefusal';
    this.code = code;
    this.status = status;
  }
}

export type AppPasswordScope = 'mail' | 'dav' | 'all';

export interface WebSessionInfo {
  readonly id: string;
  readonly current: boolean;
  readonly state: string;
  readonly secondFactor: string | null;
  readonly isSharedComputer: boolean;
  readonly createdAt: string;
  readonly lastSeenAt: string;
  readonly idleExpiresAt: string;
  readonly expiresAt: string;
  readonly remoteAddress: string;
  readonly userAgent: string;
}

export interface AppPasswordInfo {
  readonly id: string;
  readonly name: string;
  readonly scope: AppPasswordScope;
  readonly createdAt: string;
  readonly lastUsed: {
    readonly at: string;
    readonly address: string | null;
    readonly protocol: string | null;
  } | null;
}

export interface SecondFactorInfo {
  readonly id: string;
  readonly kind: 'totp' | 'passkey';
  readonly label: string;
  readonly createdAt: string;
  readonly lastUsedAt: string | null;
}

export interface TotpEnrolment {
  readonly enrolmentId: string;
  /** Base32, for typing into the app by hand. */
  readonly secret: string;
  readonly otpauthUri: string;
  readonly expiresAt: string;
}

export interface FactorSetup {
  readonly factor: SecondFactorInfo;
  /** The first factor's recovery codes, shown once; null for the next ones. */
  readonly recoveryCodes: readonly string[] | null;
  /** In an enrolment session: the now signed-in session's token (its cookie came with the answer). */
  readonly csrfToken?: string;
}

export interface ClientEndpoint {
  readonly host: string;
  readonly port: number;
  readonly security: 'tls' | 'starttls';
}

export interface MailClientSettings {
  readonly imap: readonly ClientEndpoint[];
  readonly smtp: readonly ClientEndpoint[];
  readonly userName: string;
  readonly needsAppPassword: boolean;
}

export interface Diagnostics {
  readonly account: { readonly email: string; readonly displayName: string; readonly status: string };
  readonly network: { readonly remoteAddress: string; readonly isTrusted: boolean };
  readonly mailClients: MailClientSettings;
  readonly appPasswords: readonly AppPasswordInfo[];
}

export interface SessionAnswer {
  readonly status: 'signedIn' | 'enrol';
  readonly csrfToken: string;
  readonly account: {
    readonly email: string;
    readonly displayName: string;
    readonly locale: string;
    readonly timeZone: string;
  };
}

export interface AuthApi {
  session(): Promise<SessionAnswer>;
  logout(): Promise<void>;
  reauthenticate(password: string): Promise<void>;
  changePassword(currentPassword: string, newPassword: string): Promise<void>;
  sessions(): Promise<readonly WebSessionInfo[]>;
  endSession(id: string): Promise<void>;
  endOtherSessions(): Promise<number>;
  appPasswords(): Promise<readonly AppPasswordInfo[]>;
  createAppPassword(
    name: string,
    scope: AppPasswordScope,
  ): Promise<{ appPassword: AppPasswordInfo; secret: string }>;
  revokeAppPassword(id: string): Promise<void>;
  secondFactors(): Promise<{ factors: readonly SecondFactorInfo[]; recoveryCodesLeft: number }>;
  startTotp(): Promise<TotpEnrolment>;
  confirmTotp(enrolmentId: string, code: string, label: string): Promise<FactorSetup>;
  startPasskey(): Promise<PublicKeyCredentialCreationOptionsJSON>;
  confirmPasskey(response: unknown, label: string): Promise<FactorSetup>;
  removeSecondFactor(id: string): Promise<{ hasSecondFactor: boolean }>;
  newRecoveryCodes(): Promise<readonly string[]>;
  diagnostics(): Promise<Diagnostics>;
}

export function createAuthApi(transport: AuthTransport): AuthApi {
  const call = <T>(method: string, path: string, body?: unknown) => request<T>(transport, method, path, body);
  const id = (value: string) => encodeURIComponent(value);
  return {
    session: () => call('GET', '/auth/session'),
    logout: () => call('POST', '/auth/logout'),
    reauthenticate: (password) => call('POST', '/auth/reauthenticate', { password }),
    changePassword: (currentPassword, newPassword) =>
      call('POST', '/auth/password', { currentPassword, newPassword }),
    sessions: async () => listOf(await call<{ sessions?: unknown }>('GET', '/auth/sessions'), 'sessions'),
    endSession: (sessionId) => call('DELETE', `/auth/sessions/${id(sessionId)}`),
    endOtherSessions: async () =>
      Number((await call<{ ended?: unknown }>('POST', '/auth/sessions/end-others')).ended ?? 0),
    appPasswords: async () =>
      listOf(await call<{ appPasswords?: unknown }>('GET', '/auth/app-passwords'), 'appPasswords'),
    createAppPassword: (name, scope) => call('POST', '/auth/app-passwords', { name, scope }),
    revokeAppPassword: (passwordId) => call('DELETE', `/auth/app-passwords/${id(passwordId)}`),
    secondFactors: async () => {
      const answer = await call<{ factors?: unknown; recoveryCodesLeft?: unknown }>(
        'GET',
        '/auth/second-factors',
      );
      return {
        factors: listOf<SecondFactorInfo>(answer, 'factors'),
        recoveryCodesLeft: Number(answer.recoveryCodesLeft ?? 0),
      };
    },
    startTotp: () => call('POST', '/auth/second-factors/totp'),
    confirmTotp: (enrolmentId, code, label) =>
      call('POST', '/auth/second-factors/totp/confirm', { enrolmentId, code, label }),
    startPasskey: () => call('POST', '/auth/second-factors/passkey'),
    confirmPasskey: (response, label) =>
      call('POST', '/auth/second-factors/passkey/confirm', { response, label }),
    removeSecondFactor: (factorId) => call('DELETE', `/auth/second-factors/${id(factorId)}`),
    newRecoveryCodes: async () =>
      listOf(await call<{ recoveryCodes?: unknown }>('POST', '/auth/recovery-codes'), 'recoveryCodes'),
    diagnostics: () => call('GET', '/auth/diagnostics'),
  };
}

async function request<T>(
  transport: AuthTransport,
  method: string,
  path: string,
  body?: unknown,
): Promise<T> {
  const headers: Record<string, string> = {
    Accept: 'application/json',
    'Accept-Language': transport.locale(),
  };
  if (method !== 'GET') headers['X-CSRF-Token'] = transport.csrfToken();
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  let response: Response;
  try {
    response = await transport.fetch(path, {
      method,
      headers,
      credentials: 'same-origin',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
  } catch (error) {
    throw new JmapRequestError(0, 'network', (error as Error).message);
  }
  const answer = response.status === 204 ? undefined : await response.json().catch(() => undefined);
  if (response.ok) {
    if (response.status !== 204 && answer === undefined)
      throw new JmapRequestError(response.status, 'notJson');
    return answer as T;
  }
  const refusal = answer as { error?: unknown; message?: unknown } | undefined;
  if (typeof refusal?.error !== 'string') {
    // Not our server's answer (a proxy's error page): the server is not reachable as it should be.
    throw new JmapRequestError(response.status, `http${response.status}`);
  }
  if (response.status === 401 && refusal.error === 'signedOut') throw new SignedOutError();
  throw new AuthRefusal(
    response.status,
    refusal.error,
    typeof refusal.message === 'string' ? refusal.message : refusal.error,
  );
}

/** The array under `key`, or an empty one when the answer has none (never a crash on a surprise). */
function listOf<T>(answer: unknown, key: string): readonly T[] {
  const value = (answer as Record<string, unknown> | undefined)?.[key];
  return Array.isArray(value) ? (value as T[]) : [];
}
