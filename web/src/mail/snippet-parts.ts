// A search snippet (HTML-escaped text with `<mark>` around the matched words, from SearchSnippet/get) as
// pieces of plain text, each marked or not, for React to render as text: no HTML from the server ever goes
// into the page as markup.

export interface SnippetPart {
  readonly text: string;
  readonly isMark: boolean;
}

const ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  '#39': "'",
  '#x27': "'",
};

function unescape(html: string): string {
  return html.replace(/&(amp|lt|gt|quot|#39|#x27);/g, (_, name: string) => ENTITIES[name] ?? '');
}

export function snippetParts(snippet: string): SnippetPart[] {
  const parts: SnippetPart[] = [];
  const pattern = /<mark>(.*?)<\/mark>/gs;
  let last = 0;
  for (const match of snippet.matchAll(pattern)) {
    if (match.index > last) parts.push({ text: unescape(snippet.slice(last, match.index)), isMark: false });
    parts.push({ text: unescape(match[1] ?? ''), isMark: true });
    last = match.index + match[0].length;
  }
  if (last < snippet.length) parts.push({ text: unescape(snippet.slice(last)), isMark: false });
  return parts.filter((part) => part.text !== '');
}
