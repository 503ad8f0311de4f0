// Where sending meets collected addresses, wired by main.ts around the two ways of sending: JMAP
// (EmailSubmission: after the submission is recorded, the email's To, Cc and Bcc) and SMTP submission (after
// the sender's Sent copy is stored, the To, Cc and Bcc of its header). The message has been accepted before
// collection starts, and a failure to collect is logged, never turned into a failed send.

import type { Logger } from '#core/log';
import type { InboundPipeline } from '#domain/delivery';
import type { MailService } from '#domain/mail';
import { parseAddressList } from '#formats/mime';
import type { SubmissionService } from '#domain/submission';
import type { Correspondent } from './collected-addresses.ts';
import type { ContactsService } from './contacts-service.ts';

/** Header bytes read for the recipients: far above any real header, the bound of a hostile one. */
const MAX_HEADER_SCAN_BYTES = 256 * 1024;

type Collector = Pick<ContactsService, 'collectAddresses'>;

async function collectQuietly(
  contacts: Collector,
  log: Logger,
  accountId: string,
  recipients: readonly Correspondent[],
): Promise<void> {
  try {
    await contacts.collectAddresses(accountId, recipients);
  } catch (error) {
    log.error({ err: error, accountId }, 'could not collect the recipients of a sent message');
  }
}

/** The submission service, collecting each sent email's recipients once the submission is recorded. */
export function collectingSubmissions(
  submission: SubmissionService,
  parts: {
    readonly contacts: Collector;
    readonly mail: Pick<MailService, 'getEmails'>;
    readonly log: Logger;
  },
): SubmissionService {
  return {
    ...submission,
    async createSubmission(accountId, input) {
      const created = await submission.createSubmission(accountId, input);
      try {
        const [email] = await parts.mail.getEmails(accountId, [created.emailId], []);
        if (email !== undefined) {
          const recipients = [...email.to, ...email.cc, ...email.bcc].map((a) => ({
            name: a.name ?? '',
            email: a.address,
          }));
          await collectQuietly(parts.contacts, parts.log, accountId, recipients);
        }
      } catch (error) {
        parts.log.error({ err: error, accountId }, 'could not read a sent email to collect its recipients');
      }
      return created;
    },
  };
}

/** The inbound pipeline, collecting the recipients of each Sent copy that SMTP submission stored. */
export function collectingPipeline(
  pipeline: InboundPipeline,
  parts: { readonly contacts: Collector; readonly log: Logger },
): InboundPipeline {
  return {
    ...pipeline,
    async storeCopies(copies, queueId) {
      const results = await pipeline.storeCopies(copies, queueId);
      for (const [index, copy] of copies.entries()) {
        if (copy.request.options.mailboxRole !== 'sent' || results[index]?.status !== 'delivered') continue;
        await collectQuietly(
          parts.contacts,
          parts.log,
          copy.request.accountId,
          headerRecipients(copy.request.raw),
        );
      }
      return results;
    },
  };
}

/** To, Cc and Bcc of a raw message's header (unfolded), bounded by MAX_HEADER_SCAN_BYTES. */
export function headerRecipients(raw: Uint8Array): Correspondent[] {
  const head = Buffer.from(raw.subarray(0, MAX_HEADER_SCAN_BYTES)).toString('latin1');
  const end = head.search(/\r?\n\r?\n/);
  const header = (end === -1 ? head : head.slice(0, end)).replace(/\r?\n[ \t]+/g, ' ');
  const recipients: Correspondent[] = [];
  for (const line of header.split(/\r?\n/)) {
    const match = /^(to|cc|bcc):(.*)$/i.exec(line);
    if (match?.[2] === undefined) continue;
    // The header is 8-bit as sent (SMTPUTF8): read it back as UTF-8 for names.
    const value = Buffer.from(match[2], 'latin1').toString('utf8');
    for (const address of parseAddressList(value)) {
      if (address.address !== '') recipients.push({ name: address.name ?? '', email: address.address });
    }
  }
  return recipients;
}
