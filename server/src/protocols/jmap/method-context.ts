// What a method handler gets (the signed-in user, the domain services, this request's creation ids) and how a
// method is declared: its capability, the schema of its arguments, and the work. Handlers live in
// <object>/<method>.ts and are listed in method-table.ts.

import type { z } from 'zod';
import type { Logger } from '#core/log';
import type { AccountChangeFeed, MailService } from '#domain/mail';
import type { MdnService } from '#domain/mdn';
import type { SubmissionService } from '#domain/submission';
import type { VacationService } from '#domain/vacation';
import type { PreferencesService } from '#domain/preferences';
import type { DirectoryService } from '#domain/directory';
import type { ContactsJmapReads, ContactsService } from '#domain/contacts';
import type { IdentityService } from '#domain/identity';
import type { SpellingService } from '#domain/spelling';

/** The user a request runs as, from jmap-auth.ts. */
export interface JmapPrincipal {
  readonly accountId: string;
  readonly email: string;
  readonly displayName: string;
}

/** The domain services the methods call (main.ts wires the real ones). */
export interface JmapServices {
  readonly mail: MailService;
  /** Committed changes per account, from every process: what push reports. */
  readonly changes: AccountChangeFeed;
  readonly submission: SubmissionService;
  readonly vacation: VacationService;
  /** The webmail settings (Preferences/*); the language and time zone are the account record's. */
  readonly preferences: PreferencesService;
  /** Read receipts (MDN/send, MDN/parse). */
  readonly mdn: MdnService;
  /** The académie directory, for recipient autocomplete and person cards (Directory/search). */
  readonly directory: Pick<DirectoryService, 'search'>;
  /** The mail domains the server serves: what makes a recipient internal (Signature/choose). */
  readonly domains: Pick<IdentityService, 'getDomain'>;
  /** Personal address books and cards (AddressBook/*, ContactCard/*): the writes CardDAV makes too. */
  readonly contacts: ContactsService;
  /** Their states, changes and reads by id from the change log (JMAP Contacts). */
  readonly contactsJmap: ContactsJmapReads;
  /** The process's French spell checker (Spelling/check), on a worker thread. */
  readonly spelling: Pick<SpellingService, 'check'>;
}

export interface MethodContext {
  readonly principal: JmapPrincipal;
  readonly services: JmapServices;
  readonly log: Logger;
  /** Creation id → server id, for `#creationId` references within this request (RFC 8620 §3.3, §5.3). */
  readonly createdIds: Map<string, string>;
  readonly callId: string;
  /**
   * Run `name` with `args` right after this call, its response following this one's under the same call id
   * (RFC 8621 §7.5: EmailSubmission/set's implicit Email/set).
   */
  readonly callAfter: (name: string, args: Record<string, unknown>) => void;
}

export interface MethodDefinition<Schema extends z.ZodType = z.ZodType> {
  /** The capability a request must declare in `using` to call this method. */
  readonly capability: string;
  readonly schema: Schema;
  run(args: z.output<Schema>, context: MethodContext): Promise<Record<string, unknown>>;
}

/** Typed declaration of one method (the table stores them unparameterised). */
export function defineMethod<Schema extends z.ZodType>(
  definition: MethodDefinition<Schema>,
): MethodDefinition {
  return definition as unknown as MethodDefinition;
}
