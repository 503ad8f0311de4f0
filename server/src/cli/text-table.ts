// Plain-text tables for listings: left-aligned columns, two spaces apart, widths in characters.

/** Left-aligned columns separated by two spaces; the header line is the first row. */
export function formatTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const all = [header, ...rows];
  const widths = header.map((_, column) => Math.max(...all.map((row) => [...(row[column] ?? '')].length)));
  return all
    .map((row) =>
      row
        .map((cell, column) =>
          column === row.length - 1 ? cell : cell + ' '.repeat((widths[column] ?? 0) - [...cell].length),
        )
        .join('  '),
    )
    .join('\n');
}
