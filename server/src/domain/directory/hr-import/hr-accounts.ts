// What the HR import needs from the identity module, as a narrow port main.ts fills with the identity service.
// The directory cannot import identity (identity checks UAI codes through the directory), and the import must
// not write account rows itself: creation, suspension and updates go through identity's rules and audit.

export interface HrNewAccount {
  readonly email: string;
  readonly displayName: string;
  readonly givenName: string;
  readonly familyName: string;
  readonly profileCategory: string;
  readonly establishmentUai: string | null;
}

export interface HrAccountOrigin {
  readonly actor?: { readonly accountId: string; readonly email: string };
}

export interface HrAccounts {
  /** All or none, in one transaction; no password (the person activates with a helpdesk code). */
  createAccounts(
    inputs: readonly HrNewAccount[],
  ): Promise<readonly { readonly id: string; readonly email: string }[]>;
  /** Audited, ends the web sessions; the account keeps receiving mail per lifecycle settings. */
  suspendAccount(email: string, reason: string, origin?: HrAccountOrigin): Promise<unknown>;
  updateAccount(
    email: string,
    changes: {
      readonly displayName?: string;
      readonly givenName?: string;
      readonly familyName?: string;
      readonly profileCategory?: string;
      readonly establishmentUai?: string | null;
    },
  ): Promise<unknown>;
}
