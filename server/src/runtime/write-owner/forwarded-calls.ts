// The mail service a worker other than the write owner uses: its small writes (owner-calls.ts) go to the owner
// when it is there and they are small enough to forward; every other method is the worker's own.

import type { MailService } from '#domain/mail';
import type { WriteOwnerClient } from './write-owner-client.ts';

export function forwardSmallWrites(mail: MailService, owner: WriteOwnerClient): MailService {
  return {
    ...mail,
    setKeywords: (accountId, selection, keywords, options = {}) =>
      owner.forward('setKeywords', [accountId, selection, keywords, options], () =>
        mail.setKeywords(accountId, selection, keywords, options),
      ),
    addKeywords: (accountId, selection, keywords, options = {}) =>
      owner.forward('addKeywords', [accountId, selection, keywords, options], () =>
        mail.addKeywords(accountId, selection, keywords, options),
      ),
    removeKeywords: (accountId, selection, keywords, options = {}) =>
      owner.forward('removeKeywords', [accountId, selection, keywords, options], () =>
        mail.removeKeywords(accountId, selection, keywords, options),
      ),
    moveEmails: (accountId, selection, toMailboxId) =>
      owner.forward('moveEmails', [accountId, selection, toMailboxId], () =>
        mail.moveEmails(accountId, selection, toMailboxId),
      ),
    copyEmails: (accountId, selection, toMailboxId) =>
      owner.forward('copyEmails', [accountId, selection, toMailboxId], () =>
        mail.copyEmails(accountId, selection, toMailboxId),
      ),
    expunge: (accountId, mailboxId, uids) =>
      owner.forward('expunge', [accountId, mailboxId, uids], () => mail.expunge(accountId, mailboxId, uids)),
  };
}
