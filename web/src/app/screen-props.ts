// What the shell (App.tsx) gives every screen: the JMAP client, who is signed in, the CSRF token the identity
// endpoints need, and where to report a failed call (signed out, or a server that does not answer), which the
// shell turns into one notice over whatever screen is open.

import type { SignedInAccount } from '../auth/auth-session.ts';
import type { JmapClient } from '../jmap/jmap-client.ts';

export interface ScreenProps {
  readonly client: JmapClient;
  readonly account: SignedInAccount;
  readonly csrfToken: string;
  readonly onError: (error: unknown) => void;
}
