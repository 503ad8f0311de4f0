// A SearchQuery checked against SEARCH_LIMITS, folded, split into words and simplified into the small tree
// both backends compile to SQL. Security: values come straight from IMAP/JMAP clients; they stay data (bound
// parameters, quoted FTS5 strings, escaped LIKE patterns) and only column names from search-columns.ts
// become identifiers. Bounded by SEARCH_LIMITS (nodes, terms, value length).

import assert from 'node:assert/strict';
import { StoreError } from '#core/errors';
import type { SearchCondition, SearchField, SearchQuery } from '../store.ts';
import { foldForSearch } from './fold-for-search.ts';
import { COLUMNS_OF_FIELD, type SearchColumn } from './search-columns.ts';
import { SEARCH_LIMITS } from './search-limits.ts';
import { isBeyondIndexedWords, type QueryWord, queryWords } from './search-words.ts';

export type PreparedQuery =
  | { readonly kind: 'all' }
  | { readonly kind: 'none' }
  | { readonly kind: 'substring'; readonly columns: readonly SearchColumn[]; readonly text: string }
  | {
      readonly kind: 'words';
      /** Kept for backends that index a field's parts together (PostgreSQL's all_words, address_words). */
      readonly field: SearchField;
      readonly columns: readonly SearchColumn[];
      readonly words: readonly QueryWord[];
    }
  | { readonly kind: 'and' | 'or'; readonly parts: readonly PreparedQuery[] }
  | { readonly kind: 'not'; readonly part: PreparedQuery };

const ALL: PreparedQuery = { kind: 'all' };
const NONE: PreparedQuery = { kind: 'none' };

interface Budget {
  nodes: number;
  terms: number;
}

/**
 * Prepare `query`; `all` and `none` appear only at the root (nested ones are simplified away).
 * Throws StoreError('tooBig') when the query exceeds SEARCH_LIMITS.
 */
export function prepareQuery(query: SearchQuery): PreparedQuery {
  return prepare(query, { nodes: 0, terms: 0 });
}

function prepare(query: SearchQuery, budget: Budget): PreparedQuery {
  budget.nodes += 1;
  if (budget.nodes > SEARCH_LIMITS.maxQueryNodes) {
    throw new StoreError('tooBig', `search query has more than ${SEARCH_LIMITS.maxQueryNodes} nodes`);
  }
  if ('and' in query) return combine('and', query.and, budget);
  if ('or' in query) return combine('or', query.or, budget);
  if ('not' in query) {
    const part = prepare(query.not, budget);
    if (part.kind === 'all') return NONE;
    if (part.kind === 'none') return ALL;
    return { kind: 'not', part };
  }
  return prepareCondition(query, budget);
}

/** `and` drops parts that match everything and is empty-handed on any that matches nothing; `or` the reverse. */
function combine(kind: 'and' | 'or', queries: readonly SearchQuery[], budget: Budget): PreparedQuery {
  assert(Array.isArray(queries), `search query: ${kind} takes a list`);
  const absorbing = kind === 'and' ? 'none' : 'all';
  const neutral = kind === 'and' ? 'all' : 'none';
  const parts: PreparedQuery[] = [];
  let isAbsorbed = false;
  // Every part is prepared even after an absorbing one, so the limits hold for the query as written.
  for (const query of queries) {
    const part = prepare(query, budget);
    if (part.kind === absorbing) isAbsorbed = true;
    else if (part.kind !== neutral) parts.push(part);
  }
  if (isAbsorbed) return kind === 'and' ? NONE : ALL;
  if (parts.length === 0) return kind === 'and' ? ALL : NONE;
  if (parts.length === 1 && parts[0] !== undefined) return parts[0];
  return { kind, parts };
}

function prepareCondition(condition: SearchCondition, budget: Budget): PreparedQuery {
  const columns = COLUMNS_OF_FIELD[condition.field];
  assert(columns !== undefined, `search query: unknown field ${String(condition.field)}`);
  assert(typeof condition.value === 'string', 'search query: a condition value is a string');
  if (condition.value.length > SEARCH_LIMITS.maxQueryValueChars) {
    throw new StoreError('tooBig', `search value longer than ${SEARCH_LIMITS.maxQueryValueChars} characters`);
  }
  const folded = foldForSearch(condition.value);
  if (condition.match === 'substring') {
    spendTerms(budget, 1);
    return folded === '' ? ALL : { kind: 'substring', columns, text: folded };
  }
  assert.equal(condition.match, 'words', `search query: unknown match ${String(condition.match)}`);
  const words = queryWords(folded);
  spendTerms(budget, words.length);
  if (words.length === 0) return ALL;
  // Such a word was never indexed, so the condition cannot hold (rather than asking the backend).
  if (words.some(({ word }) => isBeyondIndexedWords(word))) return NONE;
  return { kind: 'words', field: condition.field, columns, words };
}

function spendTerms(budget: Budget, terms: number): void {
  budget.terms += terms;
  if (budget.terms > SEARCH_LIMITS.maxQueryTerms) {
    throw new StoreError('tooBig', `search query has more than ${SEARCH_LIMITS.maxQueryTerms} terms`);
  }
}
