// The detail pane of one card of a book — a contact or a group: "back to the list", then the card read in full
// (useCard.ts) with its name as the heading, which takes the focus when the card shows so a screen reader
// starts there, and the rest made by `children`; or, while it is read, when it was removed meanwhile or could
// not be read, a line saying so.

import { type ReactNode, useEffect, useId, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { JmapClient } from '../jmap/jmap-client.ts';
import { type CardView, displayName } from './card-display.ts';
import { useCard } from './useCard.ts';

export interface CardPaneProps {
  readonly client: JmapClient;
  readonly cardId: string;
  readonly version: number;
  onBack(): void;
  onError(error: unknown): void;
  /** The card once read, under its name (the one shown, for a nameless card too). */
  children(card: CardView, name: string): ReactNode;
}

export function CardPane({ client, cardId, version, onBack, onError, children }: CardPaneProps) {
  const { t } = useTranslation();
  const id = useId();
  const heading = useRef<HTMLHeadingElement>(null);
  const state = useCard(client, cardId, version, onError);
  const shownId = state.status === 'ready' ? state.card.id : undefined;
  useEffect(() => heading.current?.focus(), [shownId]);
  const name = state.status === 'ready' ? displayName(state.card) || t('contactsCard.noName') : '';
  return (
    <section className="contact-detail-pane" aria-busy={state.status === 'loading'}>
      <button type="button" className="link-button back-button" onClick={onBack}>
        {t('contactsCard.back')}
      </button>
      {state.status === 'loading' && <p className="contacts-empty">{t('contactsCard.loading')}</p>}
      {state.status === 'gone' && <p className="contacts-empty">{t('contactsCard.gone')}</p>}
      {state.status === 'failed' && (
        <p className="contacts-error" role="alert">
          {t('contactsCard.failed')}
        </p>
      )}
      {state.status === 'ready' && (
        <article className="contact-card" aria-labelledby={`${id}-name`}>
          <h2 id={`${id}-name`} ref={heading} tabIndex={-1}>
            {name}
          </h2>
          {children(state.card, name)}
        </article>
      )}
    </section>
  );
}
