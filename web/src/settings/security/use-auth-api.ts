// The identity endpoints' client for a screen: the session's CSRF token and the app's language, the same
// object until either changes.

import { useMemo } from 'react';
import { type AuthApi, createAuthApi } from './auth-api.ts';

export function useAuthApi(csrfToken: string, locale: string): AuthApi {
  return useMemo(
    () =>
      createAuthApi({
        fetch: (input, init) => fetch(input, init),
        csrfToken: () => csrfToken,
        locale: () => locale,
      }),
    [csrfToken, locale],
  );
}
