// What the recipient field suggests as one types: the person's own contacts and the addresses collected from
// their sent mail first (ContactCard/query, every book), then the académie directory (Directory/search), each
// address once, in one request. A contact with several addresses is offered once per address.

import type { Invocation } from '@vercors/contract';
import { type CardView, cardDetail, displayName, preferredEmails } from '../contacts/card-display.ts';
import { ref } from '../jmap/jmap-client.ts';

export interface Suggestion {
  readonly name: string;
  readonly email: string;
  readonly detail: string;
  readonly source: 'contact' | 'directory';
}

export interface DirectoryCard {
  readonly name: string;
  readonly email: string;
  readonly title: string | null;
  readonly establishment: { readonly name: string } | null;
}

/** Suggestions shown at most: a short list the eye takes in at once. */
export const MAX_SUGGESTIONS = 8;

export function suggestionCalls(accountId: string, text: string): Invocation[] {
  return [
    ['ContactCard/query', { accountId, filter: { text, kind: 'individual' }, limit: MAX_SUGGESTIONS }, 'cq'],
    [
      'ContactCard/get',
      {
        accountId,
        '#ids': ref('cq', 'ContactCard/query', '/ids'),
        properties: ['id', 'uid', 'kind', 'name', 'emails', 'organizations', 'titles'],
      },
      'cg',
    ],
    ['Directory/search', { accountId, text, limit: MAX_SUGGESTIONS }, 'd'],
  ];
}

export function mergeSuggestions(
  contacts: readonly CardView[],
  directory: readonly DirectoryCard[],
): Suggestion[] {
  const seen = new Set<string>();
  const merged: Suggestion[] = [];
  const offer = (suggestion: Suggestion) => {
    const key = suggestion.email.trim().toLowerCase();
    if (key === '' || seen.has(key) || merged.length >= MAX_SUGGESTIONS) return;
    seen.add(key);
    merged.push(suggestion);
  };
  for (const card of contacts) {
    const name = displayName(card);
    for (const email of preferredEmails(card)) {
      const detail = cardDetail(card);
      offer({
        name,
        email: email.address,
        detail: detail === email.address ? '' : detail,
        source: 'contact',
      });
    }
  }
  for (const card of directory) {
    offer({
      name: card.name,
      email: card.email,
      detail: [card.title, card.establishment?.name].filter(Boolean).join(' · '),
      source: 'directory',
    });
  }
  return merged;
}
