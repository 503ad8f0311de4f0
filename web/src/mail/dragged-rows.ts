// Conversations dragged from the list onto a folder: what the drag carries (its own media type, so nothing
// dropped from elsewhere — a file, a link — is taken for messages) and how a drop reads it back, checked.

import type { ActionTarget } from './email-actions.ts';

export const DRAGGED_ROWS = 'application/x-vercors-conversations';

export interface DraggedRows {
  /** The folder they were dragged from; null for search results. */
  readonly from: string | null;
  readonly targets: readonly ActionTarget[];
}

/** At most this many conversations in one drag (a selection is bounded by what was loaded anyway). */
const MAX_DRAGGED = 10_000;

export function readDraggedRows(data: string): DraggedRows | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(data);
  } catch {
    return undefined;
  }
  if (typeof parsed !== 'object' || parsed === null) return undefined;
  const { from, targets } = parsed as { from?: unknown; targets?: unknown };
  if (from !== null && typeof from !== 'string') return undefined;
  if (!Array.isArray(targets) || targets.length === 0 || targets.length > MAX_DRAGGED) return undefined;
  const checked: ActionTarget[] = [];
  for (const target of targets as unknown[]) {
    const { threadId, emailId } = (target ?? {}) as { threadId?: unknown; emailId?: unknown };
    if (typeof threadId !== 'string' || typeof emailId !== 'string') return undefined;
    checked.push({ threadId, emailId });
  }
  return { from, targets: checked };
}
