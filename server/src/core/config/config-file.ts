// The config file: one `key = value` per line, `#` comments, optional double quotes
// (to keep spaces or an empty value). Postfix main.cf style: easy to diff and to template.
// Security: read only from the admin's disk, but still bounded (size, line length) and never evaluated.

import type { ConfigProblem } from './setting-messages.ts';

export const MAX_CONFIG_FILE_BYTES = 1024 * 1024;
const MAX_LINE_LENGTH = 8192;

export interface ConfigEntry {
  readonly key: string;
  readonly value: string;
  readonly line: number;
}

export interface ParsedConfigFile {
  readonly entries: readonly ConfigEntry[];
  readonly problems: readonly ConfigProblem[];
}

export function parseConfigFile(text: string, source: string): ParsedConfigFile {
  const entries: ConfigEntry[] = [];
  const problems: ConfigProblem[] = [];
  if (text.length > MAX_CONFIG_FILE_BYTES) {
    return {
      entries,
      problems: [{ key: 'fileTooLarge', params: { where: source, max: MAX_CONFIG_FILE_BYTES } }],
    };
  }
  const seen = new Map<string, number>();
  const lines = text.split(/\r?\n/);
  for (let index = 0; index < lines.length; index++) {
    const where = `${source}:${index + 1}`;
    const line = (lines[index] ?? '').trim();
    if (line === '' || line.startsWith('#')) continue;
    if (line.length > MAX_LINE_LENGTH) {
      problems.push({ key: 'lineTooLong', params: { where, max: MAX_LINE_LENGTH } });
      continue;
    }
    const match = /^([a-z][a-z0-9]*(?:[.-][a-z0-9]+)*)\s*=\s*(.*)$/.exec(line);
    if (!match) {
      problems.push({ key: 'badLine', params: { where, text: line.slice(0, 80) } });
      continue;
    }
    const key = match[1] ?? '';
    let value = match[2] ?? '';
    if (value.startsWith('"')) {
      if (value.length < 2 || !value.endsWith('"')) {
        problems.push({ key: 'unterminated', params: { where, key } });
        continue;
      }
      value = value.slice(1, -1).replace(/\\(["\\])/g, '$1');
    } else {
      value = value.replace(/\s+#.*$/, '');
    }
    const previous = seen.get(key);
    if (previous !== undefined) {
      problems.push({ key: 'duplicate', params: { where, key, line: previous } });
      continue;
    }
    seen.set(key, index + 1);
    entries.push({ key, value, line: index + 1 });
  }
  return { entries, problems };
}

/** Quote a value for the config file when needed. */
export function quoteConfigValue(value: string): string {
  return value === '' || /[\s#"]/.test(value) ? `"${value.replace(/(["\\])/g, '\\$1')}"` : value;
}
