// The transactional half of importing messages: each message, already parsed and stored as a blob, is checked
// (account, mailboxes, quota) and staged — thread, blob reference (and the bytes of a small one), search entry,
// change-log rows — then `finish` writes the staged emails, keywords and memberships in multi-row statements,
// one UID allocation per mailbox, counters and usage once per account: group commit costs a few statements per
// message, not a dozen.

import { DomainError } from '#core/errors';
import { newTimeOrderedId } from '#core/ids';
import { headerCacheOf, type ParsedMessage, type ThreadKeys, threadKeys } from '#formats/mime';
import type { BlobRef, FoldedSearchDocument, WriteTransaction } from '#store';
import { addBlobReference, foldSearchDocument } from '#store';
import { lockAccounts, type LockedAccount } from './account-lock.ts';
import type { ImportedEmail } from './email.ts';
import { insertEmailRows, newEmailRow } from './email-rows.ts';
import type { MailContext } from './mail-context.ts';
import { notFound } from './mail-errors.ts';
import { inChunks, QUOTA_THRESHOLDS } from './mail-limits.ts';
import type { MailboxRole } from './mailbox.ts';
import { MailboxLedger } from './mailbox-ledger.ts';
import { findMailboxByRole, requireMailboxes, type MailboxRow } from './mailbox-rows.ts';
import { addMemberships, type MemberEmail } from './memberships.ts';
import { checkQuota, chargeUsage, usageLevel } from './quota-usage.ts';
import { searchDocumentOf } from './search-document.ts';
import { ThreadAssigner } from './threading.ts';

/** Emails per multi-row INSERT: 24 columns each stays far below the bound-parameter limits. */
const EMAIL_INSERT_CHUNK = 200;

/**
 * A message ready to be written: parsed, its bytes durable in the blob store or pending for this transaction
 * (BlobRef.pendingContent, stored with the blob reference), its options checked.
 */
export interface PreparedImport {
  readonly accountId: string;
  readonly parsed: ParsedMessage;
  readonly keys: ThreadKeys;
  readonly blob: BlobRef;
  /** The header cache (formats/mime/header-cache.ts); undefined when the selection is over its limit. */
  readonly headerCache: Uint8Array | undefined;
  /** What the search index keeps of it, folded before the transaction (foldSearchDocument). */
  readonly searchDocument: FoldedSearchDocument;
  readonly keywords: readonly string[];
  readonly receivedAt: number;
  readonly mailboxIds?: readonly string[];
  readonly mailboxRole?: MailboxRole;
  /** Server notices (quota warnings) reach a full mailbox too: they are how its owner learns it is full. */
  readonly bypassQuota?: boolean;
}

/**
 * What a PreparedImport derives from its message's bytes and parse, worked out before the transaction: the
 * threading keys, the header cache and the folded search texts.
 */
export function derivedParts(
  raw: Uint8Array,
  parsed: ParsedMessage,
): Pick<PreparedImport, 'keys' | 'headerCache' | 'searchDocument'> {
  return {
    keys: threadKeys(parsed),
    headerCache: headerCacheOf(raw.subarray(0, parsed.headerSize)),
    searchDocument: foldSearchDocument(searchDocumentOf(parsed)),
  };
}

interface Usage {
  readonly bytes: number;
  readonly messages: number;
}

interface AccountState {
  readonly account: LockedAccount;
  readonly ledger: MailboxLedger;
  bytes: number;
  messages: number;
  modseq?: number;
}

interface StagedEmail {
  readonly item: PreparedImport;
  readonly member: MemberEmail;
  readonly mailboxes: readonly MailboxRow[];
  readonly modseq: number;
  readonly document: FoldedSearchDocument;
}

/** What `stage` hands back: the result is filled in by `finish`. */
export interface StagedImport {
  readonly emailId: string;
}

export class ImportSession {
  readonly #context: MailContext;
  readonly #tx: WriteTransaction;
  readonly #now: number;
  readonly #threads: ThreadAssigner;
  readonly #accounts = new Map<string, AccountState | undefined>();
  readonly #staged: StagedEmail[] = [];
  /** Mailbox rows by `${accountId} ${id or role}`: a batch to one inbox reads it once. */
  readonly #mailboxes = new Map<string, MailboxRow>();

  constructor(context: MailContext, tx: WriteTransaction) {
    this.#context = context;
    this.#tx = tx;
    this.#now = context.clock.nowMs();
    this.#threads = new ThreadAssigner(tx, this.#now);
  }

  /**
   * Lock every account of the batch (and `alsoAccountIds`) in a fixed order, and read the threads its
   * Message-IDs already have.
   */
  async lock(items: readonly PreparedImport[], alsoAccountIds: readonly string[] = []): Promise<void> {
    const locked = await lockAccounts(this.#context, this.#tx, [
      ...items.map((item) => item.accountId),
      ...alsoAccountIds,
    ]);
    for (const [id, account] of locked) {
      this.#accounts.set(id, account && { account, ledger: new MailboxLedger(), bytes: 0, messages: 0 });
    }
    await this.#threads.prefetch(
      items
        .filter((item) => locked.get(item.accountId) !== undefined)
        .map((item) => ({ ...item, subject: item.parsed.subject })),
    );
  }

  /** The locked account, or undefined when it does not exist. */
  account(accountId: string): LockedAccount | undefined {
    return this.#accounts.get(accountId)?.account;
  }

  /**
   * Check messages as one unit (an atomic group, IMAP MULTIAPPEND) without staging anything: the first
   * refusal, including one `prepare` already returned, or undefined when every message would be staged.
   */
  async check(items: readonly (PreparedImport | DomainError)[]): Promise<DomainError | undefined> {
    const pending = new Map<string, Usage>();
    try {
      for (const item of items) {
        if (item instanceof DomainError) return item;
        const added = pending.get(item.accountId) ?? { bytes: 0, messages: 0 };
        await this.#check(item, added);
        pending.set(item.accountId, { bytes: added.bytes + item.parsed.size, messages: added.messages + 1 });
      }
    } catch (error) {
      if (error instanceof DomainError) return error;
      throw error;
    }
    return undefined;
  }

  /**
   * Check and stage one message. Every refusal (no such account or mailbox, over quota) is raised before
   * anything is written or staged for it, so the caller may catch it and go on with the rest of the batch.
   */
  async stage(item: PreparedImport): Promise<StagedImport> {
    const { state, mailboxes } = await this.#check(item);
    const size = item.parsed.size;

    // Stage
    const tx = this.#tx;
    const emailId = newTimeOrderedId('e');
    const modseq = await tx.recordChange(item.accountId, 'Email', emailId, 'created');
    state.modseq = modseq;
    const { threadId } = await this.#threads.assign({ ...item, subject: item.parsed.subject });
    await addBlobReference(tx, item.blob, this.#context.clock);
    state.bytes += size;
    state.messages += 1;
    const member = {
      id: emailId,
      threadId,
      receivedAt: item.receivedAt,
      size,
      keywords: item.keywords,
      headerCache: item.headerCache ?? null,
    };
    this.#staged.push({ item, member, mailboxes, modseq, document: item.searchDocument });
    return { emailId };
  }

  /**
   * Write every staged email, then counters and usage per account. Returns the imported emails by id, and the
   * accounts now at or above the first warning threshold (they may be owed a quota notice).
   */
  async finish(): Promise<{ imported: Map<string, ImportedEmail>; nearFull: string[] }> {
    const tx = this.#tx;
    await this.#threads.flush();
    const rows = this.#staged.map(({ item, member, modseq }) =>
      newEmailRow(item.parsed, {
        id: member.id,
        accountId: item.accountId,
        blobId: item.blob.id,
        headerCache: item.headerCache,
        threadId: member.threadId,
        normalizedSubject: item.keys.normalizedSubject,
        receivedAt: item.receivedAt,
        keywords: item.keywords,
        modseq,
        now: this.#now,
      }),
    );
    for (const part of inChunks(rows, EMAIL_INSERT_CHUNK)) await insertEmailRows.run(tx.db, part);
    const keywordRows = this.#staged.flatMap(({ item, member }) =>
      item.keywords.map((keyword) => ({ account_id: item.accountId, keyword, email_id: member.id })),
    );
    for (const part of inChunks(keywordRows)) await tx.db.insertInto('email_keywords').values(part).execute();

    // Memberships: one UID allocation per mailbox, in the order the emails were staged
    const uids = await this.#addMemberships();
    const imported = new Map<string, ImportedEmail>();
    for (const { item, member, mailboxes, modseq } of this.#staged) {
      imported.set(member.id, {
        emailId: member.id,
        threadId: member.threadId,
        blobId: item.blob.id,
        size: member.size,
        modseq,
        uids: mailboxes.map((mailbox) => ({
          mailboxId: mailbox.id,
          uidValidity: Number(mailbox.uid_validity),
          uid: uids.get(`${mailbox.id} ${member.id}`) ?? 0,
        })),
      });
    }
    const indexed = this.#staged.splice(0);

    // Counters and usage
    const nearFull: string[] = [];
    for (const [accountId, state] of this.#accounts) {
      if (state === undefined || state.modseq === undefined) continue;
      await state.ledger.flush(tx, accountId, state.modseq);
      await chargeUsage(tx, accountId, state.bytes, state.messages);
      const { limit, used } = state.account.quota;
      const level = usageLevel({
        limit,
        used: { bytes: used.bytes + state.bytes, messages: used.messages + state.messages },
      });
      if (level >= QUOTA_THRESHOLDS[0]) nearFull.push(accountId);
    }

    // Search index, last. The SQLite index holds these writes until just before the commit, after the
    // change-log rows and the other imports of a group commit (sqlite-search-index.ts says why).
    for (const { item, member, document } of indexed) {
      await this.#context.database.search.index(tx, item.accountId, member.id, document);
    }
    return { imported, nearFull };
  }

  /** The refusals of `stage`, for `item` on top of what is staged and `pending` (messages checked before it). */
  async #check(
    item: PreparedImport,
    pending: Usage = { bytes: 0, messages: 0 },
  ): Promise<{ state: AccountState; mailboxes: MailboxRow[] }> {
    const state = this.#accounts.get(item.accountId);
    if (state === undefined) throw notFound('account', item.accountId);
    const mailboxes = await this.#targetMailboxes(item);
    if (!item.bypassQuota) {
      const { limit, used } = state.account.quota;
      const bytes = used.bytes + state.bytes + pending.bytes;
      const messages = used.messages + state.messages + pending.messages;
      checkQuota({ limit, used: { bytes, messages } }, item.parsed.size, 1);
    }
    return { state, mailboxes };
  }

  async #addMemberships(): Promise<Map<string, number>> {
    const byMailbox = new Map<string, { accountId: string; modseq: number; members: MemberEmail[] }>();
    for (const { item, member, mailboxes, modseq } of this.#staged) {
      for (const mailbox of mailboxes) {
        const entry = byMailbox.get(mailbox.id) ?? { accountId: item.accountId, modseq, members: [] };
        entry.members.push(member);
        byMailbox.set(mailbox.id, entry);
      }
    }
    const uids = new Map<string, number>();
    for (const [mailboxId, { accountId, modseq, members }] of byMailbox) {
      const ledger = this.#accounts.get(accountId)?.ledger;
      if (ledger === undefined) continue;
      const given = await addMemberships(this.#tx, ledger, mailboxId, members, modseq);
      members.forEach((member, index) => uids.set(`${mailboxId} ${member.id}`, given[index] ?? 0));
    }
    return uids;
  }

  async #targetMailboxes(item: PreparedImport): Promise<MailboxRow[]> {
    const { accountId, mailboxRole } = item;
    const cached = (key: string) => this.#mailboxes.get(`${accountId} ${key}`);
    if (mailboxRole !== undefined) {
      const mailbox = cached(mailboxRole) ?? (await findMailboxByRole(this.#tx.db, accountId, mailboxRole));
      if (mailbox === undefined) throw notFound('mailbox', mailboxRole);
      this.#mailboxes.set(`${accountId} ${mailboxRole}`, mailbox);
      return [mailbox];
    }
    const ids = item.mailboxIds ?? [];
    const known = ids.map(cached);
    if (known.every((mailbox) => mailbox !== undefined)) return known as MailboxRow[];
    const rows = await requireMailboxes(this.#tx.db, accountId, ids);
    for (const row of rows) this.#mailboxes.set(`${accountId} ${row.id}`, row);
    return rows;
  }
}
