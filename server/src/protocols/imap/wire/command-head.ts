// The start of every command line: `tag SP command-name` (RFC 9051 §2.2.1, §9 `command`). The reader needs
// both before the arguments: the tag to answer even a command it cannot read, the name to pick the literal
// budget (APPEND carries a message, everything else only small strings).

import { ATOM_CHAR, TAG_CHAR } from './tokens.ts';

export interface CommandHead {
  readonly tag: string;
  /** Upper-cased: command names are case-insensitive. */
  readonly name: string;
  /** Offset of what follows the name: SP and the arguments, or nothing. */
  readonly argumentsStart: number;
}

export type CommandHeadProblem =
  | { readonly problem: 'badTag'; readonly message: string }
  | { readonly problem: 'badCommandName'; readonly tag: string; readonly message: string };

const SPACE = 0x20;

/** The head of `line` (or of its part from..to); offsets count from the beginning of `line`. */
export function parseCommandHead(
  line: Buffer,
  maxTagBytes: number,
  from = 0,
  to = line.length,
): CommandHead | CommandHeadProblem {
  const tagEnd = scan(line, from, to, TAG_CHAR);
  if (tagEnd === from || tagEnd - from > maxTagBytes || (tagEnd < to && line[tagEnd] !== SPACE)) {
    return { problem: 'badTag', message: 'Invalid tag: a command starts with a tag of letters and digits' };
  }
  const tag = line.toString('latin1', from, tagEnd);
  if (tagEnd === to) return { problem: 'badCommandName', tag, message: 'Missing command name' };
  const nameEnd = scan(line, tagEnd + 1, to, ATOM_CHAR);
  if (nameEnd === tagEnd + 1 || (nameEnd < to && line[nameEnd] !== SPACE)) {
    return { problem: 'badCommandName', tag, message: 'Invalid command name' };
  }
  return { tag, name: line.toString('latin1', tagEnd + 1, nameEnd).toUpperCase(), argumentsStart: nameEnd };
}

/**
 * The tag of a line we could not read whole (too long): the prefix up to the first SP, when it is a valid
 * tag. Answering with the tag lets the client fail only that command.
 */
export function tagOfPrefix(prefix: Buffer, maxTagBytes: number): string | undefined {
  const tagEnd = scan(prefix, 0, prefix.length, TAG_CHAR);
  if (tagEnd === 0 || tagEnd > maxTagBytes || prefix[tagEnd] !== SPACE) return undefined;
  return prefix.toString('latin1', 0, tagEnd);
}

function scan(line: Buffer, from: number, to: number, accepts: Uint8Array): number {
  let index = from;
  while (index < to && accepts[line[index]!] === 1) index++;
  return index;
}
