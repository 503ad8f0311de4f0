// LIST and LSUB patterns (RFC 9051 §6.3.9): the reference joined to the pattern, `*` matching any run of
// characters and `%` any run without the hierarchy delimiter. INBOX is case-insensitive (RFC 9051 §5.1), so
// the first five characters of `INBOX` and `INBOX/…` match whatever case the pattern spells them in.
// Matching runs the pattern as an automaton over the name: one pass, carrying the set of live pattern
// positions, so `*%*%*%…` cannot backtrack exponentially (Dovecot's imap-match.c backtracks). The worst case
// is still name length × pattern length per name; a MatchBudget bounds the whole command.
// Security: patterns come from the client; the caller bounds their number, the budget their total work.

import { DomainError } from '#core/errors';
import { HIERARCHY_DELIMITER } from './session-limits.ts';

/**
 * Automaton steps one command may spend: a few tens of milliseconds of CPU. A real client's patterns over a
 * real tree (hundreds of mailboxes, a couple of wildcards) use well under 1% of it.
 */
export const MAX_MATCH_STEPS = 4_000_000;

const STAR = -1;
const PERCENT = -2;
const DELIMITER = HIERARCHY_DELIMITER.charCodeAt(0);
const INBOX_LENGTH = 5;

/** The steps left to one command; running out is NO [LIMIT], never a stalled event loop. */
export class MatchBudget {
  #left: number;

  constructor(steps = MAX_MATCH_STEPS) {
    this.#left = steps;
  }

  spend(steps: number): void {
    this.#left -= steps;
    if (this.#left < 0) {
      throw new DomainError('limit', 'mailbox pattern too complex for this tree', {
        details: { subject: 'mailbox', reason: 'patternTooComplex', max: MAX_MATCH_STEPS },
      });
    }
  }
}

export class ListPattern {
  /** Literal UTF-16 code units, or STAR / PERCENT; runs of wildcards are collapsed to one. */
  readonly #codes: Int32Array;
  // Scratch space for one match at a time: the live positions now and after the next character, and a stamp
  // per position so a position is added once per step without clearing an array every character.
  readonly #live: Int32Array;
  readonly #next: Int32Array;
  readonly #stamps: Uint32Array;
  #generation = 0;

  private constructor(codes: Int32Array) {
    this.#codes = codes;
    this.#live = new Int32Array(codes.length + 1);
    this.#next = new Int32Array(codes.length + 1);
    this.#stamps = new Uint32Array(codes.length + 1);
  }

  /**
   * The canonical pattern: the reference and the pattern concatenated (how Dovecot and Cyrus read it), one
   * delimiter kept where the reference ends with one and the pattern starts with one.
   */
  static compile(reference: string, pattern: string): ListPattern {
    const joined =
      reference.endsWith(HIERARCHY_DELIMITER) && pattern.startsWith(HIERARCHY_DELIMITER)
        ? reference + pattern.slice(1)
        : reference + pattern;
    const codes: number[] = [];
    for (let i = 0; i < joined.length; i++) {
      const char = joined[i];
      const code = char === '*' ? STAR : char === '%' ? PERCENT : joined.charCodeAt(i);
      const last = codes.at(-1);
      // `**`, `*%` and `%*` match what `*` matches, `%%` what `%` matches: fewer live positions per step.
      if (code < 0 && last !== undefined && last < 0)
        codes[codes.length - 1] = code === STAR || last === STAR ? STAR : PERCENT;
      else codes.push(code);
    }
    return new ListPattern(Int32Array.from(codes));
  }

  matches(name: string, budget: MatchBudget): boolean {
    const codes = this.#codes;
    const end = codes.length;
    const isInboxTree =
      name.startsWith('INBOX') &&
      (name.length === INBOX_LENGTH || name.charCodeAt(INBOX_LENGTH) === DELIMITER);
    let live = this.#live;
    let next = this.#next;
    this.#nextGeneration();
    let size = this.#add(live, 0, 0);
    for (let i = 0; i < name.length; i++) {
      if (size === 0) return false;
      budget.spend(size);
      const char = name.charCodeAt(i);
      const isFolded = isInboxTree && i < INBOX_LENGTH;
      this.#nextGeneration();
      let nextSize = 0;
      for (let k = 0; k < size; k++) {
        const position = live[k] ?? end;
        if (position === end) continue;
        const code = codes[position] ?? 0;
        if (code === STAR || (code === PERCENT && char !== DELIMITER))
          nextSize = this.#add(next, nextSize, position);
        else if (code === char || (isFolded && code >= 0 && upperAscii(code) === char))
          nextSize = this.#add(next, nextSize, position + 1);
      }
      [live, next] = [next, live];
      size = nextSize;
    }
    for (let k = 0; k < size; k++) if (live[k] === end) return true;
    return false;
  }

  /** Add a live position, and the one after it when it is a wildcard, which may match nothing. */
  #add(list: Int32Array, size: number, position: number): number {
    if (this.#stamps[position] === this.#generation) return size;
    this.#stamps[position] = this.#generation;
    list[size] = position;
    const code = this.#codes[position];
    // Wildcards are never adjacent after compile(): the position after one is a literal or the end.
    if (code !== undefined && code < 0) return this.#add(list, size + 1, position + 1);
    return size + 1;
  }

  #nextGeneration(): void {
    if (this.#generation === 0xffff_ffff) {
      this.#stamps.fill(0);
      this.#generation = 0;
    }
    this.#generation++;
  }
}

function upperAscii(code: number): number {
  return code >= 0x61 && code <= 0x7a ? code - 0x20 : code;
}
