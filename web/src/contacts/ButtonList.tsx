// A list of things each opened by one button — the books and the groups on the side, the people the directory
// found — with the one open marked `aria-current`, so a screen reader says which it is.

import type { ReactNode } from 'react';

export interface ButtonListProps<Item> {
  readonly items: readonly Item[];
  keyOf(item: Item): string;
  isCurrent(item: Item): boolean;
  /** What `aria-current` says of the open item: a page of the screen (a book), or just "this one". */
  readonly current?: 'page' | 'true';
  readonly listClassName: string;
  readonly buttonClassName: string;
  onOpen(item: Item): void;
  /** The button's content, which is also its accessible name. */
  children(item: Item): ReactNode;
}

export function ButtonList<Item>({
  items,
  keyOf,
  isCurrent,
  current = 'true',
  listClassName,
  buttonClassName,
  onOpen,
  children,
}: ButtonListProps<Item>) {
  return (
    <ul className={listClassName}>
      {items.map((item) => (
        <li key={keyOf(item)}>
          <button
            type="button"
            className={buttonClassName}
            aria-current={isCurrent(item) ? current : undefined}
            onClick={() => onOpen(item)}
          >
            {children(item)}
          </button>
        </li>
      ))}
    </ul>
  );
}
