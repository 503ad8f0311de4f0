// The account an address names (its primary address or an alias), or the notFound error every command
// reports the same way: "The account "x" was not found", exit 66.

import { DomainError } from '#core/errors';
import type { AccountDetails, IdentityService } from '#domain/identity';

export async function requireAccount(
  identity: Pick<IdentityService, 'findAccount'>,
  address: string,
): Promise<AccountDetails> {
  const account = await identity.findAccount(address);
  if (!account) {
    throw new DomainError('notFound', `no account ${address}`, {
      details: { subject: 'account', name: address },
    });
  }
  return account;
}
