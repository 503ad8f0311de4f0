// The words a SearchSnippet highlights (RFC 8621 §5): those of the filter's full-text conditions that can show
// in a subject (text, subject) or a body (text, body). Words under a NOT are what the emails lack, so they are
// never highlighted.

import type { EmailFilter } from '#domain/mail';
import { type SearchWord, searchWords } from '../email/search-words.ts';

export interface SnippetTerms {
  readonly subject: readonly SearchWord[];
  readonly body: readonly SearchWord[];
}

export function snippetTerms(filter: EmailFilter | undefined): SnippetTerms {
  const subject = new Map<string, SearchWord>();
  const body = new Map<string, SearchWord>();
  const add = (into: Map<string, SearchWord>, value: string | undefined) => {
    if (value === undefined) return;
    for (const word of searchWords(value)) into.set(`${word.isPrefix ? '*' : '='}${word.word}`, word);
  };
  const visit = (node: EmailFilter, isNegated: boolean) => {
    if ('operator' in node) {
      // JMAP's NOT is "none of": each condition under it is negated once more.
      for (const child of node.conditions) visit(child, isNegated !== (node.operator === 'NOT'));
      return;
    }
    if (isNegated) return;
    add(subject, node.text);
    add(subject, node.subject);
    add(body, node.text);
    add(body, node.body);
  };
  if (filter !== undefined) visit(filter, false);
  return { subject: [...subject.values()], body: [...body.values()] };
}
