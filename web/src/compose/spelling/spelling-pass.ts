// One spell-checking pass over a message's paragraphs, without the editor: the texts not yet known are sent
// in as few Spelling/check calls as the length bound allows, and the answers are cached by paragraph. What
// the pass ends with tells the editor what to do next: show the results, ask again while the server loads
// its dictionary, wait after a failure, or turn itself off on a server where spell checking is off.

import type { JmapMisspelling } from '@vercors/contract';
import type { ParagraphCache } from './paragraph-cache.ts';
import { hasWords } from './paragraph-text.ts';
import { packTexts, splitAnswer } from './text-batches.ts';

/** What Spelling/check answers (docs/jmap.md). */
export interface SpellingAnswer {
  readonly loading: boolean;
  readonly misspelled: readonly JmapMisspelling[];
}

/** Sends one text to the server (jmap-spell-check.ts builds it from the JMAP client). */
export type SpellCheck = (text: string) => Promise<SpellingAnswer>;

export type PassOutcome =
  /** Every paragraph is known: the underlines can be drawn. */
  | 'done'
  /** The server's dictionary is loading: ask again shortly. */
  | 'loading'
  /** The server refused or could not be reached: try again later, keep what is shown. */
  | 'failed'
  /** Spell checking is off on this server: stop, and give the browser's own back. */
  | 'off';

export interface PassDependencies {
  readonly check: SpellCheck;
  readonly cache: ParagraphCache;
  /** The server's bound (session capability urn:vercors:jmap spelling.maxTextLength). */
  readonly maxTextLength: number;
}

/** Method errors meaning "no spell checking here": turned off (forbidden), or a server without the method. */
const OFF_ERRORS = new Set(['forbidden', 'unknownMethod']);

export async function runSpellingPass(
  texts: readonly string[],
  dependencies: PassDependencies,
): Promise<PassOutcome> {
  const { cache, check } = dependencies;
  const unknown = [...new Set(texts)].filter((text) => hasWords(text) && !cache.has(text));
  for (const batch of packTexts(unknown, dependencies.maxTextLength)) {
    let answer: SpellingAnswer;
    try {
      answer = await check(batch.text);
    } catch (error) {
      return OFF_ERRORS.has(errorType(error)) ? 'off' : 'failed';
    }
    if (answer.loading) return 'loading';
    for (const [index, misspelled] of splitAnswer(batch, answer.misspelled)) {
      const text = unknown[index];
      if (text !== undefined) cache.set(text, misspelled);
    }
  }
  return 'done';
}

function errorType(error: unknown): string {
  return typeof error === 'object' && error !== null && 'type' in error ? String(error.type) : '';
}
