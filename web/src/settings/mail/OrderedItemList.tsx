// A list the person orders by hand — an identity's signatures, the reply templates — saved through its /set
// method (run-set.ts): each item shown by its summary or edited in place, moved up or down, deleted after a
// confirmation (ItemActions.tsx); a new one added at the end while the session's bounds allow; and one status
// line under the list saying what the last change did.

import { type ReactNode, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ItemActions } from './ItemActions.tsx';
import { movedSortOrders, nextSortOrder, type Ordered } from './list-order.ts';
import type { SetAnswer } from './run-set.ts';
import type { SaveOutcome } from './save-outcome.ts';
import { SaveStatus } from './SaveStatus.tsx';

/** What the editor of a new item (`item` undefined) or of one is given. */
export interface ItemEditing<Item, Fields> {
  readonly item: Item | undefined;
  /** Save; the editor stays open with what was typed unless the outcome is "saved". */
  onSave(fields: Fields): Promise<SaveOutcome>;
  onCancel(): void;
}

export interface OrderedItemListProps<Item extends Ordered, Fields> {
  /** The items, in list order (list-order.ts). */
  readonly items: readonly Item[];
  /**
   * The catalogue section whose `none`, `add`, `deleteQuestion`, `created`, `updated`, `deleted` and `moved`
   * this list says (each but `none` and `add` with the item's `name`).
   */
  readonly catalogue: string;
  /** The list's accessible name. */
  readonly label: string;
  /** Why nothing more can be added; undefined while a bound allows more. */
  readonly fullText: string | undefined;
  /** The item's name as shown, for a nameless one too. */
  nameOf(item: Item): string;
  /** What the list shows of an item not being edited. */
  summary(item: Item): ReactNode;
  editor(editing: ItemEditing<Item, Fields>): ReactNode;
  /** The /set call of this kind of item. */
  set(args: Record<string, unknown>): Promise<readonly [SaveOutcome, SetAnswer<Item> | undefined]>;
  /** A new item as created, but for what the server sets (its id). */
  newItem(fields: Fields, sortOrder: number): Omit<Item, 'id'>;
  /** Apply a change the server accepted to the items. */
  onChanged(change: (all: readonly Item[]) => readonly Item[]): void;
}

/** What is open: nothing, the editor of a new item or of one, or the confirmation of a deletion. */
type Open =
  | { readonly kind: 'none' }
  | { readonly kind: 'new' }
  | { readonly kind: 'edit' | 'delete'; readonly id: string };

export function OrderedItemList<Item extends Ordered, Fields>(props: OrderedItemListProps<Item, Fields>) {
  const { items, catalogue, fullText, nameOf, set, onChanged } = props;
  const { t } = useTranslation();
  const id = useId();
  const [open, setOpen] = useState<Open>({ kind: 'none' });
  const [outcome, setOutcome] = useState<SaveOutcome>({ kind: 'idle' });
  const [savedText, setSavedText] = useState<string | undefined>(undefined);
  const isFull = fullText !== undefined;
  const close = () => setOpen({ kind: 'none' });
  const done = (text: string) => {
    setSavedText(text);
    setOutcome({ kind: 'saved' });
    close();
  };

  const create = async (fields: Fields): Promise<SaveOutcome> => {
    const item = props.newItem(fields, nextSortOrder(items));
    const [result, answer] = await set({ create: { new: item } });
    const created = answer?.created?.new;
    if (created === undefined) return result;
    // The server's answer carries the id, and any property it set.
    const added = { ...item, ...created } as Item;
    onChanged((all) => [...all, added]);
    done(t(`${catalogue}.created`, { name: nameOf(added) }));
    return result;
  };
  const update = async (item: Item, fields: Fields): Promise<SaveOutcome> => {
    const [result, answer] = await set({ update: { [item.id]: fields } });
    if (answer === undefined) return result;
    onChanged((all) => all.map((other) => (other.id === item.id ? { ...other, ...fields } : other)));
    done(t(`${catalogue}.updated`, { name: nameOf({ ...item, ...fields }) }));
    return result;
  };
  const remove = async (item: Item) => {
    setOutcome({ kind: 'saving' });
    const [result, answer] = await set({ destroy: [item.id] });
    if (answer === undefined) {
      setOutcome(result);
      return;
    }
    onChanged((all) => all.filter((other) => other.id !== item.id));
    done(t(`${catalogue}.deleted`, { name: nameOf(item) }));
  };
  const move = async (index: number, delta: -1 | 1) => {
    const updates = movedSortOrders(items, index, delta);
    if (Object.keys(updates).length === 0) return;
    setOutcome({ kind: 'saving' });
    const [result, answer] = await set({ update: updates });
    if (answer === undefined) {
      setOutcome(result);
      return;
    }
    onChanged((all) => all.map((other) => ({ ...other, ...updates[other.id] })));
    const moved = items[index];
    setSavedText(moved === undefined ? undefined : t(`${catalogue}.moved`, { name: nameOf(moved) }));
    setOutcome({ kind: 'saved' });
  };

  return (
    <>
      {items.length === 0 ? (
        <p className="settings-empty">{t(`${catalogue}.none`)}</p>
      ) : (
        <ul className="settings-items" aria-label={props.label}>
          {items.map((item, index) => (
            <li key={item.id} className="settings-item">
              {open.kind === 'edit' && open.id === item.id ? (
                props.editor({ item, onSave: (fields) => update(item, fields), onCancel: close })
              ) : (
                <>
                  {props.summary(item)}
                  <ItemActions
                    name={nameOf(item)}
                    isFirst={index === 0}
                    isLast={index === items.length - 1}
                    isBusy={outcome.kind === 'saving'}
                    isConfirmingDelete={open.kind === 'delete' && open.id === item.id}
                    deleteQuestion={t(`${catalogue}.deleteQuestion`, { name: nameOf(item) })}
                    onMove={(delta) => void move(index, delta)}
                    onEdit={() => setOpen({ kind: 'edit', id: item.id })}
                    onAskDelete={() => setOpen({ kind: 'delete', id: item.id })}
                    onConfirmDelete={() => void remove(item)}
                    onCancelDelete={close}
                  />
                </>
              )}
            </li>
          ))}
        </ul>
      )}
      {open.kind === 'new' ? (
        props.editor({ item: undefined, onSave: create, onCancel: close })
      ) : (
        <div className="settings-actions">
          <button
            type="button"
            disabled={isFull}
            aria-describedby={isFull ? `${id}-full` : undefined}
            onClick={() => {
              setOutcome({ kind: 'idle' });
              setOpen({ kind: 'new' });
            }}
          >
            {t(`${catalogue}.add`)}
          </button>
          {isFull && (
            <p className="settings-hint" id={`${id}-full`}>
              {fullText}
            </p>
          )}
        </div>
      )}
      <SaveStatus outcome={outcome} savedText={savedText} />
    </>
  );
}
