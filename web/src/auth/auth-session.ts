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
  | { readonly status: 'signedOut' };

/** The current session; anything but an active one is signed out (a pending second factor included). */
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
  if (body.csrfToken === undefined || body.account === undefined || body.session?.state !== 'active') {
    return { status: 'signedOut' };
  }
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
