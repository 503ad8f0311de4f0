// A setting is owned by one module: its key, type, default, a one-line reason, and validation.
// The environment name is derived from the key (listen.http → VERCORS_LISTEN_HTTP) and is a public contract.

import { SettingValueError } from './setting-messages.ts';

export interface Setting<T> {
  /** Dotted key used in the config file, e.g. `listen.http`. */
  readonly key: string;
  readonly default: T;
  /** One line: what it is and why the default is what it is, in each language. */
  readonly why: Localized;
  /** Turn the raw text into a value; throw a SettingValueError saying what is wrong. */
  readonly parse: (raw: string) => T;
  /** The value as it would be written in the config file. */
  readonly show: (value: T) => string;
  /** Never printed back (database URLs with credentials, keys). */
  readonly isSecret?: boolean;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- a group holds settings of every value type (Setting<T> is invariant)
export type SettingsGroup = Readonly<Record<string, Setting<any>>>;

export type SettingsValues<G extends SettingsGroup> = {
  readonly [K in keyof G]: G[K] extends Setting<infer T> ? T : never;
};

/** A text in each language the product speaks. */
export interface Localized {
  readonly fr: string;
  readonly en: string;
}

export function envNameOf(key: string): string {
  return `VERCORS_${key.toUpperCase().replace(/[.-]/g, '_')}`;
}

type Base<T> = Pick<Setting<T>, 'key' | 'default' | 'why' | 'isSecret'>;

export function stringSetting(
  spec: Base<string> & { pattern?: RegExp; patternHint?: Localized; allowEmpty?: boolean },
): Setting<string> {
  return {
    ...spec,
    parse(raw) {
      const value = raw.trim();
      if (value === '' && !spec.allowEmpty) throw new SettingValueError('notEmpty');
      if (spec.pattern && value !== '' && !spec.pattern.test(value)) {
        if (!spec.patternHint) throw new SettingValueError('mustMatch', { pattern: spec.pattern.source });
        throw new SettingValueError('mustBe', {}, { hint: spec.patternHint });
      }
      return value;
    },
    show: (value) => value,
  };
}

export function integerSetting(spec: Base<number> & { min: number; max: number }): Setting<number> {
  return {
    ...spec,
    parse(raw) {
      const text = raw.trim();
      if (!/^-?\d+$/.test(text)) throw new SettingValueError('wholeNumber');
      const value = Number(text);
      if (value < spec.min || value > spec.max)
        throw new SettingValueError('between', { min: spec.min, max: spec.max });
      return value;
    },
    show: (value) => String(value),
  };
}

export function booleanSetting(spec: Base<boolean>): Setting<boolean> {
  return {
    ...spec,
    parse(raw) {
      const text = raw.trim().toLowerCase();
      if (['true', 'yes', 'on', '1'].includes(text)) return true;
      if (['false', 'no', 'off', '0'].includes(text)) return false;
      throw new SettingValueError('trueOrFalse');
    },
    show: (value) => String(value),
  };
}

export function choiceSetting<C extends string>(spec: Base<C> & { choices: readonly C[] }): Setting<C> {
  return {
    ...spec,
    parse(raw) {
      const text = raw.trim() as C;
      if (!spec.choices.includes(text))
        throw new SettingValueError('oneOf', { choices: spec.choices.join(', ') });
      return text;
    },
    show: (value) => value,
  };
}

const DURATION_UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** Durations are written `500ms`, `30s`, `15m`, `2h`, `7d`; the value is in milliseconds. */
export function durationSetting(spec: Base<number> & { minMs: number; maxMs: number }): Setting<number> {
  return {
    ...spec,
    parse(raw) {
      const match = /^(\d+)(ms|s|m|h|d)$/.exec(raw.trim());
      if (!match) throw new SettingValueError('duration');
      const value = Number(match[1]) * (DURATION_UNITS[match[2] ?? 's'] ?? 1000);
      if (value < spec.minMs || value > spec.maxMs) {
        throw new SettingValueError('between', {
          min: showDuration(spec.minMs),
          max: showDuration(spec.maxMs),
        });
      }
      return value;
    },
    show: showDuration,
  };
}

export function showDuration(ms: number): string {
  for (const unit of ['d', 'h', 'm', 's'] as const) {
    const size = DURATION_UNITS[unit] ?? 1;
    if (ms >= size && ms % size === 0) return `${ms / size}${unit}`;
  }
  return `${ms}ms`;
}

/** Bytes are written `512`, `64k`, `25M`, `2G` (powers of 1024). */
export function sizeSetting(spec: Base<number> & { min: number; max: number }): Setting<number> {
  const units: Record<string, number> = { '': 1, k: 1024, m: 1024 ** 2, g: 1024 ** 3, t: 1024 ** 4 };
  return {
    ...spec,
    parse(raw) {
      const match = /^(\d+)\s*([kmgt]?)i?b?$/i.exec(raw.trim());
      if (!match) throw new SettingValueError('size');
      const value = Number(match[1]) * (units[(match[2] ?? '').toLowerCase()] ?? 1);
      if (value < spec.min || value > spec.max)
        throw new SettingValueError('betweenBytes', { min: spec.min, max: spec.max });
      return value;
    },
    show(value) {
      for (const [unit, size] of [
        ['G', 1024 ** 3],
        ['M', 1024 ** 2],
        ['k', 1024],
      ] as const) {
        if (value >= size && value % size === 0) return `${value / size}${unit}`;
      }
      return String(value);
    },
  };
}

/** A listening address `host:port` (IPv6 as `[::1]:993`); empty turns the listener off. */
export interface ListenAddress {
  readonly host: string;
  readonly port: number;
}

export function listenSetting(spec: Base<ListenAddress | null>): Setting<ListenAddress | null> {
  return {
    ...spec,
    parse(raw) {
      const text = raw.trim();
      if (text === '') return null;
      const match = /^(?:\[([0-9a-fA-F:.]+)\]|([A-Za-z0-9.-]+|\*)):(\d{1,5})$/.exec(text);
      if (!match) throw new SettingValueError('listen');
      const port = Number(match[3]);
      if (port < 1 || port > 65535) throw new SettingValueError('port');
      const host = match[1] ?? (match[2] === '*' ? '0.0.0.0' : (match[2] ?? ''));
      return { host, port };
    },
    show: (value) => (value === null ? '' : formatListen(value)),
  };
}

export function formatListen(address: ListenAddress): string {
  return address.host.includes(':') ? `[${address.host}]:${address.port}` : `${address.host}:${address.port}`;
}
