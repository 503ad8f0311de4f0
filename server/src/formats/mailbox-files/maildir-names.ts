// What Maildir file and folder names say (https://cr.yp.to/proto/maildir.html, Courier's Maildir++, Dovecot's
// `dovecot-keywords`): the flags after `:2,` in a message's file name, the keyword letters a–z, and the
// hierarchy of a Maildir++ `.Parent.Child` folder.

import { decodeModifiedUtf7Leniently } from './modified-utf7.ts';

/** Flags and keywords of one message file, as JMAP keywords (RFC 8621 §4.1.1). */
export interface MaildirFlags {
  readonly keywords: readonly string[];
  /** `T` (trashed): deleted, waiting for an expunge that never came — Dovecot and mbsync hide these. */
  readonly isTrashed: boolean;
}

/** Maildir's upper-case flag letters; `T` is told apart, unknown letters are ignored (the spec reserves them). */
const FLAG_KEYWORDS: Readonly<Record<string, string>> = {
  D: '$draft',
  F: '$flagged',
  P: '$forwarded',
  R: '$answered',
  S: '$seen',
};

/**
 * The info part starts after the last `:2,` (`!2,` where mbsync runs on file systems without colons, such as
 * Windows' or a FAT-formatted export disk). A file in `new/` has no info: no flags.
 */
const INFO = /[:!]2,([A-Za-z]*)$/;

export function parseMaildirFlags(
  fileName: string,
  keywordLetters: ReadonlyMap<string, string> = new Map(),
): MaildirFlags {
  const letters = INFO.exec(fileName)?.[1] ?? '';
  const keywords = new Set<string>();
  let isTrashed = false;
  for (const letter of letters) {
    if (letter === 'T') isTrashed = true;
    const flag = FLAG_KEYWORDS[letter] ?? keywordLetters.get(letter);
    if (flag !== undefined) keywords.add(flag);
  }
  return { keywords: [...keywords], isTrashed };
}

/**
 * Dovecot's `dovecot-keywords` file: lines `<index> <keyword>`, where index 0 is the letter `a` in file names,
 * 1 is `b`, up to 25 for `z`. Lines that do not fit are ignored.
 */
export function parseDovecotKeywords(text: string): Map<string, string> {
  const letters = new Map<string, string>();
  for (const line of text.split(/\r?\n/)) {
    const match = /^(\d{1,2}) (\S+)$/.exec(line.trim());
    if (match === null) continue;
    const index = Number(match[1]);
    if (index <= 25) letters.set(String.fromCharCode(0x61 + index), match[2] as string);
  }
  return letters;
}

/**
 * The hierarchy a Maildir++ folder name stands for: `.Projets.2024` is Projets/2024, each part decoded from
 * modified UTF-7 when it is written that way. Undefined for anything that is not a Maildir++ folder name.
 */
export function maildirPlusPlusPath(folderName: string): string[] | undefined {
  if (!folderName.startsWith('.') || folderName === '.' || folderName === '..') return undefined;
  const parts = folderName.slice(1).split('.');
  if (parts.some((part) => part === '')) return undefined;
  return parts.map(decodeFolderName);
}

/** One folder name as written on disk: modified UTF-7 when it is valid as such, else as it is. */
export function decodeFolderName(name: string): string {
  return (decodeModifiedUtf7Leniently(name) ?? name).normalize('NFC');
}
