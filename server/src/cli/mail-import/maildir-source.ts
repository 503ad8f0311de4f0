// Reading a Maildir tree for `vercors mail import`: the root's cur/ and new/ are INBOX; Maildir++ folders
// (`.Parent.Child`, Courier, Dovecot's default) and LAYOUT=fs folders (`Parent/Child/cur`, Dovecot's
// `maildir:…:LAYOUT=fs`, mbsync's `SubFolders Verbatim`) are the rest. Each folder's `dovecot-keywords` names
// its keyword letters. Read-only: nothing in the tree is renamed or touched.

import type { Dirent } from 'node:fs';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import {
  decodeFolderName,
  maildirPlusPlusPath,
  parseDovecotKeywords,
  parseMaildirFlags,
} from '#formats/mailbox-files';
import { readAhead, type ImportSource, type SourceFolder, type SourceMessage } from './import-source.ts';
import { ReadBudget } from './read-budget.ts';

/** Files read at once: enough to keep a disk queue busy with small messages. */
const READ_AHEAD = 16;
/** Bytes read ahead of the import at most (one bigger message alone may pass): big files are read in turn. */
const READ_AHEAD_BYTES = 32 * 1024 * 1024;
/** Folder nesting followed in a LAYOUT=fs tree: the mail store's own depth limit, plus the root. */
const MAX_DEPTH = 33;
/** Maildir's own folders, never mailboxes. */
const MAILDIR_PARTS = new Set(['cur', 'new', 'tmp']);

/** The folders of the Maildir at `root`; none when it is not a Maildir (the caller says so). */
export async function openMaildirSource(root: string): Promise<ImportSource> {
  const folders: SourceFolder[] = [];
  const entries = await readdir(root, { withFileTypes: true });
  if (isMaildir(entries)) folders.push(maildirFolder(root, [], true));
  for (const entry of entries) {
    if (!entry.isDirectory()) continue;
    const dir = join(root, entry.name);
    const plusPlus = maildirPlusPlusPath(entry.name);
    if (plusPlus !== undefined) {
      if (isMaildir(await readdir(dir, { withFileTypes: true })))
        folders.push(maildirFolder(dir, plusPlus, false));
    } else if (!MAILDIR_PARTS.has(entry.name) && !entry.name.startsWith('.')) {
      await collectFsLayout(dir, [decodeFolderName(entry.name)], folders);
    }
  }
  folders.sort((a, b) => comparePaths(a.path, b.path));
  return { format: 'maildir', folders, ignoredFiles: [] };
}

/** LAYOUT=fs: a folder is any directory holding cur/ or new/; its subdirectories are its children. */
async function collectFsLayout(dir: string, path: string[], folders: SourceFolder[]): Promise<void> {
  if (path.length > MAX_DEPTH) return;
  const entries = await readdir(dir, { withFileTypes: true });
  if (isMaildir(entries)) folders.push(maildirFolder(dir, path, false));
  for (const entry of entries) {
    if (entry.isDirectory() && !MAILDIR_PARTS.has(entry.name) && !entry.name.startsWith('.')) {
      await collectFsLayout(join(dir, entry.name), [...path, decodeFolderName(entry.name)], folders);
    }
  }
}

function isMaildir(entries: readonly Dirent[]): boolean {
  return entries.some((entry) => entry.isDirectory() && (entry.name === 'cur' || entry.name === 'new'));
}

function maildirFolder(dir: string, path: string[], isRoot: boolean): SourceFolder {
  return {
    path,
    isRoot,
    async open() {
      const files = [...(await listPart(dir, 'cur')), ...(await listPart(dir, 'new'))];
      const letters = await readKeywordLetters(dir);
      return {
        total: { unit: 'messages', value: files.length },
        async *messages(maxBytes) {
          const budget = new ReadBudget(READ_AHEAD_BYTES);
          const read = (file: MessageFile, ticket: number) =>
            readMessage(join(dir, file.part, file.name), file.name, { letters, maxBytes, budget, ticket });
          let position = 0;
          for await (const { message, held } of readAhead(files, READ_AHEAD, read)) {
            position += 1;
            try {
              yield { ...message, position };
            } finally {
              budget.give(held);
            }
          }
        },
      };
    },
  };
}

interface MessageFile {
  readonly part: 'cur' | 'new';
  readonly name: string;
}

/** Message files of cur/ or new/, in name order (Maildir names start with the delivery time). */
async function listPart(dir: string, part: MessageFile['part']): Promise<MessageFile[]> {
  let entries: Dirent[];
  try {
    entries = await readdir(join(dir, part), { withFileTypes: true });
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  return entries
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => ({ part, name: entry.name }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

async function readKeywordLetters(dir: string): Promise<Map<string, string>> {
  try {
    return parseDovecotKeywords(await readFile(join(dir, 'dovecot-keywords'), 'utf8'));
  } catch {
    return new Map();
  }
}

interface ReadOptions {
  readonly letters: ReadonlyMap<string, string>;
  readonly maxBytes: number;
  readonly budget: ReadBudget;
  /** The file's place in the folder: its turn in the read-ahead budget. */
  readonly ticket: number;
}

/**
 * One message file, and the bytes of the read-ahead budget it holds. Never throws: a file renamed meanwhile by
 * a running mbsync or Dovecot is reported as unreadable, not fatal.
 */
async function readMessage(
  path: string,
  name: string,
  { letters, maxBytes, budget, ticket }: ReadOptions,
): Promise<{ message: Omit<SourceMessage, 'position'>; held: number }> {
  const { keywords, isTrashed } = parseMaildirFlags(name, letters);
  const base = { origin: name, keywords, isDeleted: isTrashed };
  let held: number | undefined;
  const take = async (bytes: number) => {
    await budget.take(ticket, bytes);
    held = bytes;
  };
  try {
    // No file is held open while waiting for the budget: an import stopped early leaves nothing behind.
    const stats = await stat(path);
    // Dovecot takes the file's mtime as INTERNALDATE (it sets it on delivery and on APPEND).
    const receivedAt = stats.mtimeMs > 0 ? stats.mtime : undefined;
    const isRead = !isTrashed && stats.size <= maxBytes;
    await take(isRead ? stats.size : 0);
    const raw = isRead ? await readFile(path) : undefined;
    return { message: { ...base, size: raw?.length ?? stats.size, raw, receivedAt }, held: held ?? 0 };
  } catch (error) {
    if (held === undefined) await take(0);
    const code = (error as NodeJS.ErrnoException).code ?? 'EIO';
    return {
      message: { ...base, size: 0, raw: undefined, receivedAt: undefined, unreadable: code },
      held: held ?? 0,
    };
  }
}

export function comparePaths(a: readonly string[], b: readonly string[]): number {
  for (let i = 0; i < Math.min(a.length, b.length); i++) {
    const order = (a[i] as string).localeCompare(b[i] as string);
    if (order !== 0) return order;
  }
  return a.length - b.length;
}
