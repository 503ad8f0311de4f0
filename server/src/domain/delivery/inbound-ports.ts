// What the inbound pipeline needs from other modules, narrowed to the calls it makes, so that main.ts wires
// the real services and tests can count or fail calls. The shapes follow #domain/mail and #domain/identity.

import type { DomainError } from '#core/errors';
import type { WriteTransaction } from '#store';

/** One copy to import: #domain/mail ImportRequest. */
export interface MailImportRequest {
  readonly accountId: string;
  readonly raw: Uint8Array;
  readonly options: {
    readonly mailboxRole: 'inbox' | 'junk' | 'sent';
    readonly keywords?: readonly string[];
    readonly receivedAt?: Date;
  };
}

/** #domain/mail ImportOutcome: a refusal of one copy (overQuota…) does not fail the others. */
export type MailImportOutcome =
  | { readonly ok: true; readonly email: { readonly emailId: string } }
  | { readonly ok: false; readonly error: DomainError };

/** #domain/mail ImportAnnouncement: withdrawn by importMessages once queued, or by the caller. Idempotent. */
export interface MailImportAnnouncement {
  withdraw(): void;
}

/** Rows of the caller's written in the import's own transaction, once the outcomes are known. */
export type BeforeCommit = (tx: WriteTransaction, outcomes: readonly MailImportOutcome[]) => Promise<void>;

/**
 * The mail store's batch import. Delivery always asks for a grouped import (#domain/mail
 * import-group-commit.ts): its transaction, durable, may be shared with concurrent deliveries and APPENDs.
 */
export interface MailImporter {
  importMessages(
    requests: readonly MailImportRequest[],
    options: {
      readonly isGrouped: true;
      readonly beforeCommit?: BeforeCommit;
      readonly announcement?: MailImportAnnouncement;
    },
  ): Promise<readonly MailImportOutcome[]>;
  /** A grouped import that will follow in a moment: the next shared transaction waits briefly for it. */
  announceGroupedImport(): MailImportAnnouncement;
  /** Create the default mailboxes an account lacks (one made before mail existed has no inbox yet). */
  ensureDefaultMailboxes(accountId: string): Promise<unknown>;
}

/** A local account as delivery sees it. */
export interface LocalAccount {
  readonly id: string;
  readonly email: string;
  readonly status: 'active' | 'suspended' | 'disabled';
  readonly aliases: readonly string[];
  readonly quota: { readonly bytes: number; readonly messages: number };
  readonly used: { readonly bytes: number; readonly messages: number };
}

/** #domain/identity: which addresses and domains are ours. */
export interface RecipientDirectory {
  /** The account reached by `address` (primary address or alias); undefined when none. */
  findAccount(address: string): Promise<LocalAccount | undefined>;
  /** Undefined when the domain is not served here. */
  getDomain(name: string): Promise<{ readonly name: string } | undefined>;
}
