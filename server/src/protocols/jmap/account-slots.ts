// Counting what each account has open in this process (requests in progress, push channels), so one account
// cannot take every slot: a slot is taken when the count is below the bound, and always given back.

export interface AccountSlots {
  /** Take a slot for `accountId`; false when it has `max` already. */
  take(accountId: string): boolean;
  give(accountId: string): void;
}

export function createAccountSlots(max: number): AccountSlots {
  const taken = new Map<string, number>();
  return {
    take(accountId) {
      const count = taken.get(accountId) ?? 0;
      if (count >= max) return false;
      taken.set(accountId, count + 1);
      return true;
    },
    give(accountId) {
      const left = (taken.get(accountId) ?? 1) - 1;
      if (left > 0) taken.set(accountId, left);
      else taken.delete(accountId);
    },
  };
}
