// How a refused authentication is answered, on the HTTP endpoints and at the WebSocket upgrade alike: a status,
// an RFC 7807 problem whose detail says what to do, and the headers the status calls for.

import type { AuthResult } from './jmap-auth.ts';

export interface AuthRefusal {
  readonly status: 401 | 403 | 429;
  readonly type: string;
  readonly detail: string;
  readonly headers: Readonly<Record<string, string>>;
}

const CHALLENGE = { 'WWW-Authenticate': 'Basic realm="Vercors", charset="UTF-8", Bearer realm="Vercors"' };

export function authRefusal(reason: Extract<AuthResult, { ok: false }>['reason']): AuthRefusal {
  switch (reason) {
    case 'locked':
      return {
        status: 429,
        type: 'urn:vercors:error:loginLocked',
        detail: 'Too many failed logins, try again later.',
        headers: { 'Retry-After': '900' },
      };
    case 'csrf':
      return {
        status: 403,
        type: 'urn:vercors:error:csrf',
        detail: 'The request lacks the session’s CSRF token (X-CSRF-Token): reload the page.',
        headers: {},
      };
    case 'appPasswordRequired':
      return {
        status: 401,
        type: 'urn:vercors:error:appPasswordRequired',
        detail: 'This account needs an app password: create one in the webmail settings.',
        headers: CHALLENGE,
      };
    case 'scope':
      return {
        status: 401,
        type: 'urn:vercors:error:appPasswordScope',
        detail: 'This app password is not for mail: create one for mail in the webmail settings.',
        headers: CHALLENGE,
      };
    case 'missing':
    case 'invalid':
      return {
        status: 401,
        type: 'urn:vercors:error:unauthorized',
        detail: 'Sign in with your address and an app password.',
        headers: CHALLENGE,
      };
  }
}
