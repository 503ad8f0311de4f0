// Reply templates (urn:vercors:jmap ReplyTemplate, docs/jmap.md): texts a user keeps to answer common messages
// (an appointment confirmed, a document asked for), which the composer inserts. What the mail module hands
// out and accepts, its bounds and refusals. The server never sends nor renders them.

import { DomainError } from '#core/errors';

export interface ReplyTemplate {
  readonly id: string;
  /** What the composer's menu shows; one line, NFC, may be empty. */
  readonly name: string;
  /** One line, NFC; null: the reply keeps its own subject ("Re: …"). */
  readonly subject: string | null;
  readonly textBody: string;
  /** Stored exactly as given: clients sanitise it before showing or inserting it. Empty: none. */
  readonly htmlBody: string;
  readonly sortOrder: number;
}

/** The templates of an account and their JMAP state, read in that order (the state first). */
export interface ReplyTemplateList {
  readonly state: number;
  readonly templates: readonly ReplyTemplate[];
}

export type NewReplyTemplate = Partial<Omit<ReplyTemplate, 'id'>>;
export type ReplyTemplateChanges = NewReplyTemplate;

export const REPLY_TEMPLATE_LIMITS = {
  /** Per account: a personal collection, listed whole in a menu; ReplyTemplate/get of all stays a few MiB. */
  maxTemplatesPerAccount: 100,
  /** UTF-8 bytes of a name: one line in a menu. */
  maxNameBytes: 255,
  /** UTF-8 bytes of the subject: one header line, as a vacation response's. */
  maxSubjectBytes: 255,
  /**
   * UTF-8 bytes of each body (text, HTML): a letter of a few pages, as a vacation response's body; pictures are
   * links, not data. 100 templates of two such bodies are at most 12.5 MiB to list.
   */
  maxBodyBytes: 64 * 1024,
  /** sortOrder is below this (a 32-bit column, as Mailbox.sortOrder). */
  sortOrderBound: 2 ** 31,
} as const;

/** The JMAP type of reply templates in the change log. */
export const REPLY_TEMPLATE_TYPE = 'ReplyTemplate';

export type ReplyTemplateProperty = keyof NewReplyTemplate;

export function invalidReplyTemplate(property: ReplyTemplateProperty, reason: string): DomainError {
  return new DomainError('invalid', `invalid reply template ${property}: ${reason}`, {
    details: { subject: 'replyTemplate', name: property, reason, property },
  });
}

export function replyTemplateNotFound(id: string): DomainError {
  return new DomainError('notFound', `no reply template ${id}`, {
    details: { subject: 'replyTemplate', name: id },
  });
}

/** Over maxTemplatesPerAccount (JMAP overQuota). */
export function tooManyReplyTemplates(): DomainError {
  const max = REPLY_TEMPLATE_LIMITS.maxTemplatesPerAccount;
  return new DomainError('limit', `at most ${max} reply templates per account`, {
    details: { subject: 'replyTemplate', name: 'account', reason: 'tooManyReplyTemplates', max },
  });
}
