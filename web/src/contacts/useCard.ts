// One card read in full for a detail pane, again whenever `version` moves (push, or a change made here):
// loading, then the card, or gone (removed meanwhile), or failed.

import { useEffect, useState } from 'react';
import type { JmapClient } from '../jmap/jmap-client.ts';
import type { CardView } from './card-display.ts';
import { isServerTrouble } from './contact-failure.ts';
import { getCards } from './contacts-api.ts';

export type CardState =
  | { readonly status: 'loading' }
  | { readonly status: 'ready'; readonly card: CardView }
  | { readonly status: 'gone' }
  | { readonly status: 'failed' };

export function useCard(
  client: JmapClient,
  cardId: string,
  version: number,
  onError: (error: unknown) => void,
): CardState {
  const [state, setState] = useState<CardState>({ status: 'loading' });
  useEffect(() => {
    let isCurrent = true;
    getCards(client, [cardId])
      .then(([card]) => {
        if (isCurrent) setState(card === undefined ? { status: 'gone' } : { status: 'ready', card });
      })
      .catch((error: unknown) => {
        if (!isCurrent) return;
        if (isServerTrouble(error)) onError(error);
        setState({ status: 'failed' });
      });
    return () => {
      isCurrent = false;
    };
  }, [client, cardId, version, onError]);
  // A card opened in place of another starts from loading, not from the other's data.
  useEffect(() => setState({ status: 'loading' }), [cardId]);
  return state;
}
