// One line of recipients (À, Cc, Cci): chosen addresses as removable chips, and an input that suggests people
// as one types (the person's contacts and collected addresses, then the académie directory:
// recipient-suggestions.ts), or takes a typed address on Enter, comma or semicolon. The suggestions are a
// listbox the arrow keys move through (WAI-ARIA combobox).

import type { JmapEmailAddress } from '@vercors/contract';
import { type KeyboardEvent, useEffect, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CardView } from '../contacts/card-display.ts';
import type { JmapClient } from '../jmap/jmap-client.ts';
import {
  type DirectoryCard,
  mergeSuggestions,
  type Suggestion,
  suggestionCalls,
} from './recipient-suggestions.ts';

export interface RecipientFieldProps {
  readonly client: JmapClient;
  readonly label: string;
  readonly addresses: readonly JmapEmailAddress[];
  onChange(addresses: readonly JmapEmailAddress[]): void;
}

/** Wait after a keystroke before asking: a fast typist asks once. */
const SUGGEST_DELAY_MS = 120;

export function RecipientField({ client, label, addresses, onChange }: RecipientFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [text, setText] = useState('');
  const [suggestions, setSuggestions] = useState<readonly Suggestion[]>([]);
  const [active, setActive] = useState(0);

  useEffect(() => {
    const query = text.trim();
    if (query.length < 2) {
      setSuggestions([]);
      return;
    }
    let isCurrent = true;
    const timer = window.setTimeout(() => {
      client
        .call(suggestionCalls(client.accountId, query))
        .then((results) => {
          if (!isCurrent) return;
          const contacts = (results.get('cg') as { list: CardView[] }).list;
          const directory = (results.get('d') as { list: DirectoryCard[] }).list;
          setSuggestions(mergeSuggestions(contacts, directory));
          setActive(0);
        })
        // Suggestions are a help: a failure leaves the typed address to be added by hand.
        .catch(() => setSuggestions([]));
    }, SUGGEST_DELAY_MS);
    return () => {
      isCurrent = false;
      window.clearTimeout(timer);
    };
  }, [client, text]);

  const add = (address: JmapEmailAddress) => {
    if (!addresses.some((existing) => existing.email.toLowerCase() === address.email.toLowerCase())) {
      onChange([...addresses, address]);
    }
    setText('');
    setSuggestions([]);
  };
  const addTyped = () => {
    for (const part of text.split(/[,;\s]+/)) {
      const email = part.trim().replace(/^<|>$/g, '');
      if (email !== '') add({ name: null, email });
    }
  };
  const onKeyDown = (event: KeyboardEvent<HTMLInputElement>) => {
    const chosen = suggestions[active];
    if (event.key === 'ArrowDown' && suggestions.length > 0) {
      event.preventDefault();
      setActive((active + 1) % suggestions.length);
    } else if (event.key === 'ArrowUp' && suggestions.length > 0) {
      event.preventDefault();
      setActive((active - 1 + suggestions.length) % suggestions.length);
    } else if (event.key === 'Enter' || event.key === ',' || event.key === ';') {
      if (text.trim() === '') return;
      event.preventDefault();
      if (chosen !== undefined && event.key === 'Enter') add({ name: chosen.name, email: chosen.email });
      else addTyped();
    } else if (event.key === 'Escape') {
      setSuggestions([]);
    } else if (event.key === 'Backspace' && text === '' && addresses.length > 0) {
      onChange(addresses.slice(0, -1));
    }
  };
  const listId = `${id}-suggestions`;
  return (
    <div className="recipient-field">
      <label htmlFor={`${id}-input`}>{label}</label>
      <ul className="chips">
        {addresses.map((address) => (
          <li key={address.email} className="chip">
            <span title={address.email}>{address.name || address.email}</span>
            <button
              type="button"
              aria-label={t('compose.removeRecipient', { address: address.email })}
              onClick={() => onChange(addresses.filter((other) => other !== address))}
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <input
        id={`${id}-input`}
        type="text"
        role="combobox"
        aria-expanded={suggestions.length > 0}
        aria-controls={listId}
        aria-autocomplete="list"
        aria-activedescendant={suggestions.length > 0 ? `${listId}-${active}` : undefined}
        autoComplete="off"
        value={text}
        onChange={(event) => setText(event.target.value)}
        onKeyDown={onKeyDown}
        onBlur={() => {
          if (text.includes('@')) addTyped();
        }}
      />
      {suggestions.length > 0 && (
        <ul id={listId} role="listbox" className="suggestions" aria-label={t('compose.suggestions')}>
          {suggestions.map((suggestion, index) => (
            <li
              key={suggestion.email}
              id={`${listId}-${index}`}
              role="option"
              aria-selected={index === active}
              onMouseDown={(event) => {
                // Before the input's blur: the click picks this one, not the typed text.
                event.preventDefault();
                add({ name: suggestion.name, email: suggestion.email });
              }}
            >
              <span className="suggestion-name">{suggestion.name}</span>{' '}
              <span className="suggestion-email">{suggestion.email}</span>
              {suggestion.detail !== '' && <span className="suggestion-detail">{suggestion.detail}</span>}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
