// The quota options administrators type (`--quota 5G`, `--quota-messages 200000`), parsed the same way by
// every command that takes them, with the problem in the administrator's language.

import type { Locale } from '@vercors/contract';
import { describeProblem, SettingValueError, sizeSetting } from '#core/config';

/** Parses "5G", "512M"… the way the config file does; bounds are the widest a quota may sensibly take. */
export const QUOTA_SIZE = sizeSetting({
  key: 'quota',
  default: 0,
  min: 1,
  max: 1024 ** 5,
  why: { fr: '', en: '' },
});

export type ParsedOption<T> = { readonly value: T } | { readonly problem: string };

/** A size in bytes, or what is wrong with the text in `locale`. */
export function parseQuotaSize(raw: string, locale: Locale): ParsedOption<number> {
  try {
    return { value: QUOTA_SIZE.parse(raw) };
  } catch (error) {
    if (error instanceof SettingValueError) return { problem: describeProblem(error.problem, locale) };
    throw error;
  }
}

/** A positive whole number of messages; undefined when the text is not one. */
export function parseMessageCount(raw: string): number | undefined {
  const text = raw.trim();
  const value = Number(text);
  return /^\d+$/.test(text) && Number.isSafeInteger(value) && value > 0 ? value : undefined;
}
