// Many short strings as one string and the end of each: the directory index keeps its 100,000s of words and
// addresses this way, so the garbage collector has two objects to walk instead of a few hundred thousand (its
// full pauses grow with the objects a heap holds), and the whole list crosses from the thread that builds it
// as one copy.

export interface PackedStrings {
  readonly text: string;
  /** Where each string ends in `text`; string i starts where string i - 1 ends. */
  readonly ends: Int32Array;
}

export function packStrings(list: readonly string[]): PackedStrings {
  const ends = new Int32Array(list.length);
  let end = 0;
  for (let i = 0; i < list.length; i++) {
    end += (list[i] ?? '').length;
    ends[i] = end;
  }
  return { text: list.join(''), ends };
}

export const packedCount = (packed: PackedStrings): number => packed.ends.length;

export function stringAt(packed: PackedStrings, i: number): string {
  return packed.text.slice(i === 0 ? 0 : (packed.ends[i - 1] ?? 0), packed.ends[i] ?? 0);
}

/** The first index not below `key`, for strings packed in sorted order. */
export function lowerBound(packed: PackedStrings, key: string): number {
  let low = 0;
  let high = packed.ends.length;
  while (low < high) {
    const middle = (low + high) >>> 1;
    if (stringAt(packed, middle) < key) low = middle + 1;
    else high = middle;
  }
  return low;
}

/** The index of `key` in strings packed in sorted order, or -1. */
export function indexOfSorted(packed: PackedStrings, key: string): number {
  const at = lowerBound(packed, key);
  return at < packed.ends.length && stringAt(packed, at) === key ? at : -1;
}
