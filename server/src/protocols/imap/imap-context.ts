// What every IMAP command is given: the domain services narrowed to the calls IMAP makes, the settings, the
// login throttle and the account change feed. Built once per worker by imap-service.ts; commands hold no
// other state than the session's.

import type { SettingsValues } from '#core/config';
import type { Clock } from '#core/clock';
import type { Logger } from '#core/log';
import type { LoginThrottle, ProtocolLoginRequest, ProtocolLoginResult } from '#domain/identity';
import type { AccountChangeFeed, MailService } from '#domain/mail';
import type { ImapMetrics } from './imap-metrics.ts';
import type { MailboxViews } from './mailbox-views.ts';
import type { IMAP_SETTINGS } from './settings.ts';

export type ImapSettings = SettingsValues<typeof IMAP_SETTINGS>;

/** The mail calls IMAP makes: all through #domain/mail, which decides every UID and modseq. */
export type ImapMail = Pick<
  MailService,
  | 'listMailboxes'
  | 'getMailbox'
  | 'createMailbox'
  | 'updateMailbox'
  | 'destroyMailbox'
  | 'mailboxStatus'
  | 'mailboxView'
  | 'changedSince'
  | 'vanishedSince'
  | 'mailboxChangesSince'
  | 'importMessages'
  | 'getEmails'
  | 'getEmailSummaries'
  | 'getHeaderSummaries'
  | 'getEmailBytes'
  | 'queryEmails'
  | 'setKeywords'
  | 'addKeywords'
  | 'removeKeywords'
  | 'moveEmails'
  | 'copyEmails'
  | 'expunge'
  | 'getQuota'
  | 'ensureDefaultMailboxes'
>;

/** The identity calls IMAP makes (LOGIN, AUTHENTICATE). */
export interface ImapIdentity {
  verifyProtocolLogin(
    username: string,
    secret: string,
    request: ProtocolLoginRequest,
  ): Promise<ProtocolLoginResult>;
}

export interface ImapContext {
  readonly log: Logger;
  readonly clock: Clock;
  readonly hostname: string;
  readonly settings: ImapSettings;
  readonly mail: ImapMail;
  readonly identity: ImapIdentity;
  readonly throttle: LoginThrottle;
  readonly changes: AccountChangeFeed;
  /** The selected mailboxes' message lists, shared by the sessions of this process. */
  readonly views: MailboxViews;
  readonly metrics: ImapMetrics;
  /**
   * A session slot for the account (imap.max-connections-per-user): the function that gives it back, or
   * undefined when the account has too many sessions open in this process.
   */
  acquireUserSlot(accountId: string): (() => void) | undefined;
  /** The largest message APPEND accepts (the SMTP limit: one size for the whole system). */
  readonly maxMessageBytes: number;
  isDraining(): boolean;
}
