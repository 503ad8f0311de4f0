// What `vercors mail import` reads, whatever the format: folders with a place in the old hierarchy, each a
// stream of messages with their flags and dates. maildir-source.ts and mbox-source.ts produce these.

/** One message as read from the source, before any check against the account. */
export interface SourceMessage {
  /** Where it is in the source, for reports: a Maildir file name, or `@offset` in an mbox file. */
  readonly origin: string;
  /** Bytes on disk (mbox: once unescaped). */
  readonly size: number;
  /** The message; undefined when it was too big to read or could not be read (see `unreadable`). */
  readonly raw: Uint8Array | undefined;
  /** JMAP keywords as the source spells them (checked later). */
  readonly keywords: readonly string[];
  /** Deleted in the source but never expunged (Maildir T, mbox D): skipped, as the old server hid it. */
  readonly isDeleted: boolean;
  /** INTERNALDATE: Maildir file mtime, mbox `From ` line; undefined to fall back on the Date field. */
  readonly receivedAt: Date | undefined;
  /** Why the message could not be read (an I/O error's code). */
  readonly unreadable?: string;
  /** Progress within the folder after this message, in the unit of SourceFolder.total. */
  readonly position: number;
}

export interface SourceFolder {
  /** The folder's place in the old hierarchy, names decoded; [] for a Maildir's own INBOX. */
  readonly path: readonly string[];
  /** The Maildir root or the single mbox file named on the command line: `--into` takes it as itself. */
  readonly isRoot: boolean;
  /** List the folder (Maildir) or look at its size (mbox), ready to read. */
  open(): Promise<OpenedFolder>;
}

export interface OpenedFolder {
  /** How far reading goes: messages (Maildir, known from the listing) or bytes (mbox, its file size). */
  readonly total: { readonly unit: 'messages' | 'bytes'; readonly value: number };
  /** Messages in source order; `maxBytes` bounds what is read into memory for one message. */
  messages(maxBytes: number): AsyncIterable<SourceMessage>;
}

export interface ImportSource {
  readonly format: 'maildir' | 'mbox';
  readonly folders: readonly SourceFolder[];
  /** Files that were looked at and left alone (not mail), relative to the source path. */
  readonly ignoredFiles: readonly string[];
}

/** Folders as the source shows them: `INBOX` for a Maildir root, else the path joined with `/`. */
export function sourceLabel(folder: SourceFolder): string {
  return folder.path.length === 0 ? 'INBOX' : folder.path.join('/');
}

/**
 * Results of `read(item)` for each item in order, with up to `width` reads in flight: a folder of small files is
 * read at the speed of the disk's queue, not one system call round-trip after another. `read` must not reject
 * (a rejection waiting in the queue would be unhandled): it reports failures in its result.
 */
export async function* readAhead<T, R>(
  items: readonly T[],
  width: number,
  read: (item: T, index: number) => Promise<R>,
): AsyncGenerator<R> {
  const inFlight: Promise<R>[] = [];
  let next = 0;
  while (next < items.length || inFlight.length > 0) {
    while (next < items.length && inFlight.length < width) {
      inFlight.push(read(items[next] as T, next));
      next += 1;
    }
    yield await (inFlight.shift() as Promise<R>);
  }
}
