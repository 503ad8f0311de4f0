// Who is signed in, from the identity endpoints (docs/access.md): `GET /auth/session` gives the account and
// the CSRF token every POST needs; `POST /auth/logout` ends the session. Signing in is the server's own
// login pages (`/login`), which run every flow (second factors, enrolment, shared computer).

export interface SignedInAccount {
  readonly id: string;
  readonly email: string;
  readonly displayName: string;
  readonly locale: string;
  readonly timeZone: string;
}

export type AuthState =
  | { readonly status: 'signedIn'; readonly csrfToken: string; readonly account: SignedInAccount }
  /** Signed in with a password, but a second factor must be set up before anything else (docs/access.md). */
  | { readonly status: 'enrolment'; readonly csrfToken: string; readonly account: SignedInAccount }
  | { readonly status: 'signedOut' };

/** The current session; a pending second factor is signed out (the login page asks for it). */
export async function readSession(fetcher: typeof fetch): Promise<AuthState> {
  const response = await fetcher('/auth/session', {
    credentials: 'same-origin',
    headers: { Accept: 'application/json' },
  });
  if (response.status === 401) return { status: 'signedOut' };
  if (!response.ok) throw new Error(`GET /auth/session: ${response.status}`);
  const body = (await response.json()) as {
    status?: string;
    csrfToken?: string;
    account?: SignedInAccount;
    session?: { state?: string };
  };
  if (body.csrfToken === undefined || body.account === undefined) return { status: 'signedOut' };
  if (body.session?.state === 'enrolment') {
    return { status: 'enrolment', csrfToken: body.csrfToken, account: body.account };
  }
  if (body.session?.state !== 'active') return { status: 'signedOut' };
  return { status: 'signedIn', csrfToken: body.csrfToken, account: body.account };
}

export async function signOut(fetcher: typeof fetch, csrfToken: string): Promise<void> {
  await fetcher('/auth/logout', {
    method: 'POST',
    credentials: 'same-origin',
    headers: { 'X-CSRF-Token': csrfToken },
  });
}

/** Where a signed-out browser goes: the login page, which returns to the app once signed in. */
export const LOGIN_PAGE = '/login';
