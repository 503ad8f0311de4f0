// DKIM signing of outbound mail (RFC 6376, relaxed/relaxed, mailauth's usual header list), once at enqueue so
// every retry sends the same bytes. The key is the active one of the author's (From) domain, else of the
// envelope sender's domain (a forward keeps its author but leaves with our name on it).

import addressparser from 'nodemailer/lib/addressparser';
import type { Logger } from '#core/log';
import { toDomainName } from '#domain/identity';
import type { DkimSigningKey } from './dkim-keys.ts';
import { loadDkimSigner } from './mailauth-library.ts';
import { firstHeaderValue, headerSection } from './queue-message-content.ts';

/** The domains whose key may sign this message, in order: the From header's, then the envelope sender's. */
export function signingDomainCandidates(raw: Uint8Array, sender: string): string[] {
  const candidates: string[] = [];
  const from = firstHeaderValue(headerSection(raw), 'From');
  if (from !== undefined) {
    // The first mailbox of the From field (RFC 5322 allows a list); display names may hold '@' themselves.
    const [author] = addressparser(from, { flatten: true });
    const domain = domainOf(author?.address ?? '');
    if (domain !== undefined) candidates.push(domain);
  }
  const senderDomain = domainOf(sender);
  if (senderDomain !== undefined && !candidates.includes(senderDomain)) candidates.push(senderDomain);
  return candidates;
}

function domainOf(address: string): string | undefined {
  const at = address.lastIndexOf('@');
  return at < 0 ? undefined : toDomainName(address.slice(at + 1));
}

/**
 * `content` with a DKIM-Signature field prepended. When the signer refuses (no From field, say), the message
 * goes unsigned and the reason is logged: refusing to send it would be worse than sending it unsigned.
 */
export async function signWithDkim(
  content: Buffer,
  key: DkimSigningKey,
  signTime: Date,
  log: Logger,
): Promise<{ content: Buffer; isSigned: boolean }> {
  const signature = {
    signingDomain: key.domain,
    selector: key.selector,
    privateKey: key.privateKey,
    algorithm: key.algorithm,
    canonicalization: 'relaxed/relaxed',
  };
  // mailauth signs what `signatureData` lists; the top-level key fields alone produce no signature.
  const { dkimSign } = await loadDkimSigner();
  const result = await dkimSign(content, { ...signature, signTime, signatureData: [signature] });
  if (result.errors.length > 0 || result.signatures === '') {
    log.warn(
      {
        event: 'dkim.unsigned',
        domain: key.domain,
        selector: key.selector,
        errors: result.errors.map((e) => e.err.code ?? e.err.message),
      },
      'message left unsigned: the DKIM signer refused it',
    );
    return { content, isSigned: false };
  }
  return { content: Buffer.concat([Buffer.from(result.signatures, 'latin1'), content]), isSigned: true };
}
