// Who an envelope address reaches: a local account, nobody here (a domain we serve but no such address), or a
// remote domain (relaying, which only authenticated submission may do). Asked at RCPT time so SMTP can refuse
// early (550 5.1.1, 550 5.2.1, 452 4.2.2), and again by the pipeline, which trusts nothing the protocol decided.
// Account status: a disabled account (the person left) reads as unknown; a suspended one (inactivity, an
// investigation) receives its mail for when the person comes back, unless lifecycle.suspended-accounts-receive-mail
// is off, which refuses it as a disabled mailbox.

import type { FailureCode } from '@vercors/contract';
import { toAddress } from '#domain/identity';
import type { InboundFailureReason } from './inbound-envelope.ts';
import type { LocalAccount, RecipientDirectory } from './inbound-ports.ts';

export type RecipientKind =
  | { readonly kind: 'local'; readonly address: string; readonly account: LocalAccount }
  /** Our domain, no such mailbox (or a disabled one: it must not look different from an unknown one). */
  | { readonly kind: 'unknown'; readonly address: string }
  /** A suspended account that does not receive mail (lifecycle.suspended-accounts-receive-mail off). */
  | { readonly kind: 'suspended'; readonly address: string }
  | { readonly kind: 'remote'; readonly address: string; readonly domain: string }
  /** Not an address we could deliver to at all (syntax). */
  | { readonly kind: 'invalid'; readonly address: string };

export interface RecipientPolicy {
  /** lifecycle.suspended-accounts-receive-mail: true keeps a suspended account's mail for its return. */
  readonly isSuspendedReceiving: boolean;
}

/** The site's default (the setting's): suspended accounts receive their mail. */
export const DEFAULT_RECIPIENT_POLICY: RecipientPolicy = { isSuspendedReceiving: true };

export async function classifyRecipient(
  directory: RecipientDirectory,
  input: string,
  policy: RecipientPolicy = DEFAULT_RECIPIENT_POLICY,
): Promise<RecipientKind> {
  const parsed = toAddress(input);
  if (parsed === undefined) {
    // A non-ASCII or otherwise odd local part may still be valid at a remote domain (SMTPUTF8).
    const at = input.lastIndexOf('@');
    const domain = at > 0 ? input.slice(at + 1).toLowerCase() : '';
    if (domain !== '' && (await directory.getDomain(domain)) === undefined && /^[^\s@]+$/.test(domain)) {
      return { kind: 'remote', address: input, domain };
    }
    return { kind: 'invalid', address: input };
  }
  const account = await directory.findAccount(parsed.address);
  if (account !== undefined) {
    if (account.status === 'disabled') return { kind: 'unknown', address: parsed.address };
    if (account.status === 'suspended' && !policy.isSuspendedReceiving)
      return { kind: 'suspended', address: parsed.address };
    return { kind: 'local', address: parsed.address, account };
  }
  if ((await directory.getDomain(parsed.domain)) !== undefined) {
    return { kind: 'unknown', address: parsed.address };
  }
  return { kind: 'remote', address: parsed.address, domain: parsed.domain };
}

/** Why a recipient that is neither local nor remote gets no copy: a permanent failure, by its kind. */
export function refusedRecipient(kind: RecipientKind): { code: FailureCode; reason: InboundFailureReason } {
  return kind.kind === 'suspended'
    ? { code: 'forbidden', reason: 'mailboxDisabled' }
    : { code: 'notFound', reason: 'unknownRecipient' };
}

/**
 * The quota is already full, or `incomingBytes` (the SIZE the client declared, else 0) would overflow it.
 * Checked at RCPT time; the store checks again in its transaction, which is the authority.
 */
export function isOverQuota(account: LocalAccount, incomingBytes = 0): boolean {
  return (
    account.used.messages + 1 > account.quota.messages ||
    account.used.bytes + incomingBytes > account.quota.bytes
  );
}

/** The addresses an account may send as: its primary address and its aliases, lower case. */
export function ownAddresses(account: LocalAccount): ReadonlySet<string> {
  return new Set([account.email, ...account.aliases].map((address) => address.toLowerCase()));
}
