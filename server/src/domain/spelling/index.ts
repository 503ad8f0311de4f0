// Public surface of spelling: the webmail's French spell check (JMAP Spelling/check), run on a worker thread
// per process, and its bounds and settings.

export type { Misspelling } from './french-speller.ts';
export { SPELLING_SETTINGS } from './settings.ts';
export { SPELLING_LIMITS, type SpellingLanguage } from './spelling-limits.ts';
export {
  createSpellingService,
  type SpellCheckOutcome,
  type SpellingDependencies,
  type SpellingService,
} from './spelling-service.ts';
