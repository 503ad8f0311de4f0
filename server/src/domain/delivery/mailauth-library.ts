// mailauth, loaded on first use: its whole entry (with the BIMI client's undici) is about 13 MB of heap, and
// its DKIM signer alone about 6 MB, that every worker would otherwise hold from start. A worker that never
// receives or sends mail (an IMAP-only node) never loads it; one that serves the MX loads it in the
// background as that listener starts (runtime/smtp-listeners.ts), since the load takes about half a second.

import type * as MailauthModule from 'mailauth';
import type * as DkimSignModule from 'mailauth/lib/dkim/sign.js';

type Mailauth = typeof MailauthModule;
type DkimSigner = typeof DkimSignModule;

let mailauth: Promise<Mailauth> | undefined;
let signer: Promise<DkimSigner> | undefined;

export function loadMailauth(): Promise<Mailauth> {
  mailauth ??= import('mailauth');
  return mailauth;
}

export function loadDkimSigner(): Promise<DkimSigner> {
  signer ??= import('mailauth/lib/dkim/sign.js');
  return signer;
}
