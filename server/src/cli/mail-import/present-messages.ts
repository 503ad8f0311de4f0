// Recognising messages an earlier run already imported, so the import can be run again — after an
// interruption, a quota stop or by mistake — without duplicating anything. A message is known by its
// Message-ID, or without one by the SHA-256 of its bytes (the blob store's content address). Counting rather
// than a set keeps sources honest that hold one message twice (a list copy and a direct copy share their
// Message-ID): the n-th occurrence is skipped only when the mailbox already holds n of them.

import { createHash } from 'node:crypto';
import type { MailService } from '#domain/mail';
import { messageIdOf } from '#formats/mailbox-files';

/** The key a message is recognised by (raw: the bytes that are, or would be, stored). */
export function messageKey(raw: Uint8Array): string {
  const messageId = messageIdOf(raw);
  return messageId === undefined ? `b:${createHash('sha256').update(raw).digest('hex')}` : `m:${messageId}`;
}

export class PresentMessages {
  readonly #mail: MailService;
  readonly #accountId: string;
  /** Per target mailbox: key → how many the mailbox held before this run. */
  readonly #present = new Map<string, Map<string, number>>();
  /** Per target mailbox: key → how many this run has met so far. */
  readonly #met = new Map<string, Map<string, number>>();

  constructor(mail: MailService, accountId: string) {
    this.#mail = mail;
    this.#accountId = accountId;
  }

  /** Read what the mailbox holds (once per mailbox; a mailbox still to be created holds nothing). */
  async load(mailboxKey: string, mailboxId: string | undefined): Promise<void> {
    if (this.#present.has(mailboxKey)) return;
    const counts = new Map<string, number>();
    if (mailboxId !== undefined) {
      for (const { messageId, blobId } of await this.#mail.mailboxMessageKeys(this.#accountId, mailboxId)) {
        const key = messageId === null ? `b:${blobId}` : `m:${messageId}`;
        counts.set(key, (counts.get(key) ?? 0) + 1);
      }
    }
    this.#present.set(mailboxKey, counts);
    this.#met.set(mailboxKey, new Map());
  }

  /** Count one more occurrence of `key`; true when the mailbox already held that many (skip it). */
  isPresent(mailboxKey: string, key: string): boolean {
    const met = this.#met.get(mailboxKey);
    if (met === undefined) throw new Error(`mailbox ${mailboxKey} was not loaded`);
    const count = (met.get(key) ?? 0) + 1;
    met.set(key, count);
    return count <= (this.#present.get(mailboxKey)?.get(key) ?? 0);
  }
}
