// Which rows of a long list to render: the visible ones plus a margin, for fixed-height rows. A 100,000-row
// folder renders about forty rows whatever the scroll position; the rest is empty space of the right height.

export interface VirtualWindow {
  /** First row to render (inclusive). */
  readonly start: number;
  /** Row after the last to render (exclusive). */
  readonly end: number;
  /** Offset of the first rendered row from the top of the list, in pixels. */
  readonly offset: number;
  /** Height of the whole list, in pixels. */
  readonly height: number;
}

/**
 * Rows of `rowHeight` pixels, `count` of them, seen through a viewport of `viewportHeight` scrolled to
 * `scrollTop`; `overscan` more rows each side keep fast scrolling from showing blanks.
 */
export function virtualWindow(
  count: number,
  rowHeight: number,
  scrollTop: number,
  viewportHeight: number,
  overscan = 10,
): VirtualWindow {
  const rows = Math.max(0, Math.floor(count));
  const height = rows * rowHeight;
  if (rows === 0 || rowHeight <= 0) return { start: 0, end: 0, offset: 0, height: Math.max(0, height) };
  const top = Math.min(Math.max(0, scrollTop), Math.max(0, height - viewportHeight));
  const first = Math.floor(top / rowHeight);
  const visible = Math.ceil(Math.max(0, viewportHeight) / rowHeight) + 1;
  const start = Math.max(0, first - overscan);
  const end = Math.min(rows, first + visible + overscan);
  return { start, end, offset: start * rowHeight, height };
}

/** The pages of `pageSize` rows that cover [start, end). */
export function pagesCovering(start: number, end: number, pageSize: number): number[] {
  if (end <= start) return [];
  const pages: number[] = [];
  for (let page = Math.floor(start / pageSize); page * pageSize < end; page += 1) pages.push(page);
  return pages;
}
