// The mail service a worker other than the write owner uses: its keyword changes go to the owner (when it is
// there and they are small enough to forward), every other method is the worker's own.

import type { KeywordUpdate, MailService } from '#domain/mail';
import type { ForwardedCall } from './owner-wire.ts';
import type { WriteOwnerClient } from './write-owner-client.ts';

export function forwardKeywordChanges(mail: MailService, owner: WriteOwnerClient): MailService {
  const forwarded =
    (call: ForwardedCall): MailService[ForwardedCall] =>
    (accountId, selection, keywords, options = {}) =>
      owner.forward<KeywordUpdate>(call, [accountId, selection, keywords, options], () =>
        mail[call](accountId, selection, keywords, options),
      );
  return {
    ...mail,
    setKeywords: forwarded('setKeywords'),
    addKeywords: forwarded('addKeywords'),
    removeKeywords: forwarded('removeKeywords'),
  };
}
