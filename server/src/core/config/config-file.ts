// The config file: one `key = value` per line, `#` comments, optional double quotes
// (to keep spaces or an empty value). Postfix main.cf style: easy to diff and to template.
// Security: read only from the admin's disk, but still bounded (size, line length) and never evaluated.

export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
const MAX_LINE_LENGTH = 8192;

export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedConfigFile {
  readonly entries: readonly ConfigEntry[];
  readonly problems: readonly string[];
}

export function parseConfigFile(text: string, source: string): ParsedConfigFile {
  const entries: ConfigEntry[] = [];
  const problems: string[] = [];
  if (text.length > MAX_CONFIG_FILE_BYTES) {
    return { entries, problems: [`${source}: file is larger than ${MAX_CONFIG_FILE_BYTES} bytes`] };
  }
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const lineNumber = index + 1;
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.length > MAX_LINE_LENGTH) {
      problems.push(`${source}:${lineNumber}: line is longer than ${MAX_LINE_LENGTH} characters`);
      continue;
    }
    const match = /^([a-z][a-z0-9]*(?:[.-][a-z0-9]+)*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      problems.push(`${source}:${lineNumber}: expected "key = value", found "${line.slice(0, 80)}"`);
      continue;
    }
    const key = match[1] ?? '';
    let value = match[2] ?? '';
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"')) {
        problems.push(`${source}:${lineNumber}: unterminated quoted value for ${key}`);
        continue;
      }
      value = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push(`${source}:${lineNumber}: ${key} is already set on line ${previous}`);
      continue;
    }
    seen.set(key, lineNumber);
    entries.push({ key, value, line: lineNumber });
  }
  return { entries, problems };
}

/** Quote a value for the config file when needed. */
export function quoteConfigValue(value: string): string {
  return value === '' || /[\s#"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}
