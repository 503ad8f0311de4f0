// One repeatable part of the contact form: values that each have a kind — e-mail addresses with their context,
// phones with their kind. Every entry is a value field, a kind select and a remove button, all labelled with
// the entry's number so a screen reader tells them apart; a button adds one more entry.

import { useTranslation } from 'react-i18next';

/** The catalogue keys of one list; `kindName` is a prefix the kind is appended to. */
export interface TypedEntryText {
  readonly legend: string;
  /** "Adresse {{n}}" */
  readonly value: string;
  /** "Type de l’adresse {{n}}" */
  readonly kind: string;
  readonly kindName: string;
  /** "Retirer l’adresse {{n}}" */
  readonly remove: string;
  readonly add: string;
}

export interface TypedEntryListProps<
  ValueKey extends string,
  KindKey extends string,
  Entry extends { readonly id: string | null } & Readonly<Record<ValueKey | KindKey, string>>,
> {
  readonly entries: readonly Entry[];
  /** The property edited in the text field, and the one chosen in the select. */
  readonly valueKey: ValueKey;
  readonly kindKey: KindKey;
  readonly kinds: readonly Entry[KindKey][];
  readonly inputType: 'email' | 'tel';
  /** The entry "add" appends. */
  readonly blank: Entry;
  readonly text: TypedEntryText;
  /** Whether the value at `index` was found wrong; lists that check nothing leave it out. */
  readonly isInvalid?: (index: number) => boolean;
  onChange(entries: readonly Entry[]): void;
}

export function TypedEntryList<
  ValueKey extends string,
  KindKey extends string,
  Entry extends { readonly id: string | null } & Readonly<Record<ValueKey | KindKey, string>>,
>({
  entries,
  valueKey,
  kindKey,
  kinds,
  inputType,
  blank,
  text,
  isInvalid,
  onChange,
}: TypedEntryListProps<ValueKey, KindKey, Entry>) {
  const { t } = useTranslation();
  const changed = (index: number, key: ValueKey | KindKey, value: string) =>
    onChange(entries.map((other, at) => (at === index ? { ...other, [key]: value } : other)));
  return (
    <fieldset className="form-list">
      <legend>{t(text.legend)}</legend>
      {entries.map((entry, index) => (
        <div className="form-entry" key={`${entry.id ?? 'new'}-${index}`}>
          <label className="form-field grow">
            <span>{t(text.value, { n: index + 1 })}</span>
            <input
              type={inputType}
              value={entry[valueKey]}
              autoComplete="off"
              aria-invalid={isInvalid?.(index)}
              onChange={(event) => changed(index, valueKey, event.target.value)}
            />
          </label>
          <label className="form-field">
            <span>{t(text.kind, { n: index + 1 })}</span>
            <select value={entry[kindKey]} onChange={(event) => changed(index, kindKey, event.target.value)}>
              {kinds.map((kind) => (
                <option key={kind} value={kind}>
                  {t(text.kindName + kind)}
                </option>
              ))}
            </select>
          </label>
          <button
            type="button"
            className="remove-entry"
            onClick={() => onChange(entries.filter((_, at) => at !== index))}
          >
            {t(text.remove, { n: index + 1 })}
          </button>
        </div>
      ))}
      <button type="button" className="link-button" onClick={() => onChange([...entries, blank])}>
        {t(text.add)}
      </button>
    </fieldset>
  );
}
