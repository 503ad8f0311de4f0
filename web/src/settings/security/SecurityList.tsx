// A Security section's list (app passwords, second factors, web sessions): a busy line while it is read, why
// it could not be, a line saying there are none yet, or the items as cards in a list named for screen readers.
// What was shown stays while the list is read again after a change.

import type { ReactNode } from 'react';
import { LoadStatus } from './LoadStatus.tsx';
import type { Loaded } from './use-loaded.ts';

export interface SecurityListProps<T> {
  readonly loaded: Loaded<unknown>;
  /** The items of the last list read; none until one was. */
  readonly items: readonly T[];
  /** The list's name for screen readers. */
  readonly label: string;
  /** Shown for a list read and empty; a list that cannot be empty has none. */
  readonly emptyText?: string;
  /** One item's card (a SecurityListItem with its key). */
  readonly children: (item: T) => ReactNode;
}

export function SecurityList<T>({ loaded, items, label, emptyText, children }: SecurityListProps<T>) {
  return (
    <>
      <LoadStatus loaded={loaded} />
      {loaded.state === 'ready' && items.length === 0 && emptyText !== undefined && (
        <p className="security-empty">{emptyText}</p>
      )}
      {items.length > 0 && (
        <ul className="security-list" aria-label={label}>
          {items.map(children)}
        </ul>
      )}
    </>
  );
}
