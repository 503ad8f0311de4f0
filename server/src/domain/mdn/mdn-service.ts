// The mdn service: sending read receipts for the account's emails and reading those it receives (JMAP MDN,
// RFC 9007), built once by main.ts.

import { parseMessageIds } from '#formats/mime';
import type { MdnDependencies } from './mdn-context.ts';
import { parseMdnMessage } from './mdn-parse.ts';
import { sendMdns } from './mdn-send.ts';
import type { Mdn, MdnSendOutcome, NewMdn } from './mdn.ts';

export interface MdnService {
  /**
   * Send a receipt for each email from the identity (RFC 8098, with the null reverse-path), one outcome per
   * input in order; DomainError notFound for the whole call when the identity is not the account's.
   */
  sendMdns(
    accountId: string,
    identityId: string,
    mdns: readonly NewMdn[],
  ): Promise<readonly MdnSendOutcome[]>;
  /**
   * The MDN a message holds, undefined when it holds none. forEmailId is the account's one email with the
   * Original-Message-ID, null when it has none or several (RFC 9007 §2.2 allows null when it cannot tell).
   */
  parseMdn(accountId: string, raw: Uint8Array): Promise<Mdn | undefined>;
}

/** Build the service (main.ts, once). */
export function createMdnService(dependencies: MdnDependencies): MdnService {
  const context = dependencies;
  return {
    sendMdns: (accountId, identityId, mdns) => sendMdns(context, accountId, identityId, mdns),
    async parseMdn(accountId, raw) {
      const parsed = await parseMdnMessage(raw);
      if (parsed === undefined) return undefined;
      const [messageId] = parseMessageIds(parsed.originalMessageId ?? undefined);
      const emailIds =
        messageId === undefined ? [] : await context.mail.findEmailsByMessageId(accountId, messageId);
      return { ...parsed, forEmailId: emailIds.length === 1 ? (emailIds[0] as string) : null };
    },
  };
}
