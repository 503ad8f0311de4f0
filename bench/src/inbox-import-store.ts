// A mail store of its own for the in-process bench tools (wal-pages.ts, import-transaction-cost.ts): the mail
// service on a fresh SQLite store, as the tests open it, one account, and durable imports into its inbox in
// transactions of the size asked.

import type { ReaderLocation } from '@vercors/server/src/store/store.ts';
import { newAccount, openMailFixture } from '@vercors/server/src/domain/mail/mail.fixture.ts';
import type { BenchMessage } from './imap-bench-mail.ts';

type SqliteLocation = Extract<ReaderLocation, { readonly dialect: 'sqlite' }>;

export interface InboxImportStore {
  /** Where the SQLite file is, for tools that read it beside the store. */
  readonly location: SqliteLocation;
  /** The messages imported durably, in one transaction. */
  importBatch(batch: readonly BenchMessage[]): Promise<unknown>;
  close(): Promise<void>;
}

export async function openInboxImportStore(): Promise<InboxImportStore> {
  const cleanups: (() => Promise<void>)[] = [];
  // The fixture wants a test context only to register its cleanup.
  const context = { after: (cleanup: () => Promise<void>) => cleanups.push(cleanup) } as never;
  const close = async () => {
    for (const cleanup of cleanups.reverse()) await cleanup();
  };
  try {
    const fixture = await openMailFixture(context);
    const location = fixture.database.readerLocation;
    if (location.dialect !== 'sqlite') throw new Error('the bench tools measure the SQLite store');
    const account = await newAccount(fixture);
    return {
      location,
      importBatch: (batch) =>
        fixture.mail.importMessages(
          batch.map((message) => ({
            accountId: account.id,
            raw: message.raw,
            options: { mailboxRole: 'inbox' },
          })),
          { isDurable: true },
        ),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
