// The one search box, across every folder, with its filters behind a disclosure: from, to, dates, folder,
// attachment, unread, flagged. Submitting hands the fields up; the list then shows what the search finds.

import type { JmapMailbox } from '@vercors/contract';
import { type FormEvent, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FolderOptions } from './FolderOptions.tsx';
import { EMPTY_SEARCH, type SearchFields } from './search-filter.ts';

export interface SearchBarProps {
  readonly mailboxes: readonly JmapMailbox[];
  readonly isActive: boolean;
  onSearch(fields: SearchFields): void;
  onClear(): void;
}

export function SearchBar({ mailboxes, isActive, onSearch, onClear }: SearchBarProps) {
  const { t } = useTranslation();
  const [fields, setFields] = useState<SearchFields>(EMPTY_SEARCH);
  const id = useId();
  const set = <K extends keyof SearchFields>(key: K, value: SearchFields[K]) =>
    setFields((current) => ({ ...current, [key]: value }));
  const submit = (event: FormEvent) => {
    event.preventDefault();
    onSearch(fields);
  };
  const text = (key: 'from' | 'to', label: string) => (
    <label>
      {label}
      <input type="text" value={fields[key]} onChange={(event) => set(key, event.target.value)} />
    </label>
  );
  const date = (key: 'after' | 'until', label: string) => (
    <label>
      {label}
      <input type="date" value={fields[key]} onChange={(event) => set(key, event.target.value)} />
    </label>
  );
  const box = (key: 'hasAttachment' | 'isUnread' | 'isFlagged', label: string) => (
    <label className="check">
      <input type="checkbox" checked={fields[key]} onChange={(event) => set(key, event.target.checked)} />
      {label}
    </label>
  );
  return (
    <div className="search-bar" role="search">
      <form onSubmit={submit}>
        <label htmlFor={`${id}-text`} className="visually-hidden">
          {t('search.label')}
        </label>
        <input
          id={`${id}-text`}
          type="search"
          placeholder={t('search.label')}
          value={fields.text}
          onChange={(event) => set('text', event.target.value)}
        />
        <button type="submit">{t('search.submit')}</button>
        {isActive && (
          <button
            type="button"
            onClick={() => {
              setFields(EMPTY_SEARCH);
              onClear();
            }}
          >
            {t('search.clear')}
          </button>
        )}
        <details className="search-filters">
          <summary>{t('search.filters')}</summary>
          <div className="filter-grid">
            {text('from', t('search.from'))}
            {text('to', t('search.to'))}
            {date('after', t('search.after'))}
            {date('until', t('search.until'))}
            <label>
              {t('search.folder')}
              <select value={fields.mailboxId} onChange={(event) => set('mailboxId', event.target.value)}>
                <option value="">{t('search.anyFolder')}</option>
                <FolderOptions mailboxes={mailboxes} />
              </select>
            </label>
            {box('hasAttachment', t('search.hasAttachment'))}
            {box('isUnread', t('search.unread'))}
            {box('isFlagged', t('search.flagged'))}
          </div>
        </details>
      </form>
    </div>
  );
}
