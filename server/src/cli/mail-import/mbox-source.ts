// Reading mbox files for `vercors mail import`: one file (a mailbox named after it), or a folder of them —
// Thunderbird's profile Mail folders (`Name` files with `Name.sbd/` children, `.msf` indexes beside), Google
// Takeout's `*.mbox`, Apple Mail's `Name.mbox/mbox`. Files are streamed: a multi-gigabyte mbox is never in
// memory, only the message being read. Read-only.

import type { Dirent } from 'node:fs';
import { createReadStream } from 'node:fs';
import { open, readdir, stat } from 'node:fs/promises';
import { basename, join, relative } from 'node:path';
import { decodeFolderName, mboxMetadata, MboxSplitter, type MboxMessage } from '#formats/mailbox-files';
import type { ImportSource, SourceFolder, SourceMessage } from './import-source.ts';
import { comparePaths } from './maildir-source.ts';

/** Bytes per read: large reads keep a multi-gigabyte file at disk speed. */
const CHUNK_BYTES = 1024 * 1024;
/** Folder nesting followed (`.sbd` inside `.sbd`…): the mail store's own depth limit, plus the root. */
const MAX_DEPTH = 33;
const FROM_ = Buffer.from('From ');
/** Mail apps' own index files beside the mbox files (Thunderbird's .msf, Apple Mail's): not worth listing. */
const BOOKKEEPING = /(\.msf|\.plist|^table_of_contents)$/;

/** The mbox at `path` (a file, or a folder of them); no folders when nothing there is mbox. */
export async function openMboxSource(path: string): Promise<ImportSource> {
  const folders: SourceFolder[] = [];
  const ignoredFiles: string[] = [];
  if ((await stat(path)).isFile()) {
    if (await isMboxFile(path, true)) folders.push(mboxFolder(path, [folderName(basename(path))], true));
    else ignoredFiles.push(basename(path));
  } else {
    await collect(path, path, [], folders, ignoredFiles);
  }
  folders.sort((a, b) => comparePaths(a.path, b.path));
  return { format: 'mbox', folders, ignoredFiles };
}

async function collect(
  root: string,
  dir: string,
  path: string[],
  folders: SourceFolder[],
  ignored: string[],
): Promise<void> {
  if (path.length > MAX_DEPTH) return;
  const entries = await readdir(dir, { withFileTypes: true });
  const names = new Set(entries.map((entry) => entry.name));
  for (const entry of entries.sort(byName)) {
    const full = join(dir, entry.name);
    if (entry.name.startsWith('.')) continue;
    if (entry.isDirectory()) {
      // Thunderbird: `Name.sbd/` holds the children of the mailbox file `Name`.
      if (entry.name.endsWith('.sbd')) {
        await collect(root, full, [...path, folderName(entry.name.slice(0, -4))], folders, ignored);
        continue;
      }
      // Apple Mail: `Name.mbox/` holds the messages in a file called `mbox`, and child folders beside it.
      const child = [...path, folderName(entry.name)];
      const inner = join(full, 'mbox');
      if (/\.mbox$/i.test(entry.name) && (await isMboxFile(inner, true)))
        folders.push(mboxFolder(inner, child, false));
      await collect(root, full, child, folders, ignored);
    } else if (entry.isFile() && !(dir !== root && entry.name === 'mbox' && /\.mbox$/i.test(dir))) {
      // An empty file is an empty folder when Thunderbird's index or children say it is a folder.
      const isFolderFile =
        names.has(`${entry.name}.msf`) || names.has(`${entry.name}.sbd`) || /\.mbox$/i.test(entry.name);
      if (await isMboxFile(full, isFolderFile))
        folders.push(mboxFolder(full, [...path, folderName(entry.name)], false));
      else if (!BOOKKEEPING.test(entry.name)) ignored.push(relative(root, full));
    }
  }
}

function byName(a: Dirent, b: Dirent): number {
  return a.name < b.name ? -1 : a.name > b.name ? 1 : 0;
}

/** `Envoyés.mbox` is the folder Envoyés. */
function folderName(fileName: string): string {
  return decodeFolderName(fileName.replace(/\.mbox$/i, ''));
}

/** An mbox starts with a `From ` line; an empty file is one only when `mayBeEmpty`. */
async function isMboxFile(path: string, mayBeEmpty: boolean): Promise<boolean> {
  try {
    const handle = await open(path, 'r');
    try {
      const start = Buffer.alloc(FROM_.length);
      const { bytesRead } = await handle.read(start, 0, start.length, 0);
      return bytesRead === 0 ? mayBeEmpty : start.subarray(0, bytesRead).equals(FROM_);
    } finally {
      await handle.close();
    }
  } catch {
    return false;
  }
}

function mboxFolder(file: string, path: string[], isRoot: boolean): SourceFolder {
  return {
    path,
    isRoot,
    async open() {
      const { size } = await stat(file);
      return {
        total: { unit: 'bytes', value: size },
        messages: (maxBytes) => readMbox(file, maxBytes),
      };
    },
  };
}

async function* readMbox(file: string, maxBytes: number): AsyncGenerator<SourceMessage> {
  const splitter = new MboxSplitter({ maxMessageBytes: maxBytes });
  let read = 0;
  for await (const chunk of createReadStream(file, { highWaterMark: CHUNK_BYTES })) {
    read += (chunk as Buffer).length;
    for (const message of splitter.push(chunk as Buffer)) yield sourceMessage(message, read);
  }
  for (const message of splitter.end()) yield sourceMessage(message, read);
}

function sourceMessage(message: MboxMessage, position: number): SourceMessage {
  const base = { origin: `@${message.offset}`, size: message.size, receivedAt: message.receivedAt, position };
  if (message.raw === undefined) return { ...base, raw: undefined, keywords: [], isDeleted: false };
  const { raw, keywords, isDeleted } = mboxMetadata(message.raw);
  return { ...base, raw, keywords, isDeleted };
}
