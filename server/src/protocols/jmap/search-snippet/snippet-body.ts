// The body text a preview snippet quotes when the stored preview (the body's first 256 characters) holds no
// match: the same text the index was built from (formats/mime bodyText), parsed from the start of the message.

import { DomainError } from '#core/errors';
import { type MailService, SEARCH_LIMITS } from '#domain/mail';
import { parseMessage } from '#formats/mime';

/**
 * Bytes read from the start of one message: in real mail the text comes before the attachments, and 256 KiB
 * holds any letter; the parser reads a cut message as far as it goes.
 */
const BODY_READ_BYTES = 256 * 1024;
/** Bytes read for one SearchSnippet/get: 64 whole reads. Past it, snippets come from stored previews only. */
export const SNIPPET_READ_BUDGET = 16 * 1024 * 1024;

export interface ReadBudget {
  bytes: number;
}

/** The body text of the email, or undefined when the budget is spent or the email was destroyed meanwhile. */
export async function readBodyText(
  mail: MailService,
  accountId: string,
  email: { readonly id: string; readonly size: number },
  budget: ReadBudget,
): Promise<string | undefined> {
  const end = Math.min(email.size, BODY_READ_BYTES);
  if (end > budget.bytes) return undefined;
  budget.bytes -= end;
  const chunks: Uint8Array[] = [];
  try {
    for await (const chunk of await mail.getEmailBytes(accountId, email.id, { start: 0, end }))
      chunks.push(chunk);
  } catch (error) {
    // Destroyed since it was listed: no body to quote, which is not a failure of the call.
    if (error instanceof DomainError && error.code === 'notFound') return undefined;
    throw error;
  }
  const parsed = await parseMessage(Buffer.concat(chunks), { maxBodyText: SEARCH_LIMITS.maxBodyChars });
  return parsed.bodyText;
}
