// Build the frozen configuration from defaults, the config file and the environment (which wins).
// Every problem is collected and reported at once; unknown keys are warnings (they are usually typos).

import { ConfigError } from '../errors.ts';
import { localeFromEnvironment } from '../i18n.ts';
import { parseConfigFile } from './config-file.ts';
import { describeProblem, SettingValueError, type ConfigProblem } from './setting-messages.ts';
import { envNameOf, type Setting, type SettingsGroup, type SettingsValues } from './setting.ts';

export interface ModuleSettings {
  /** The module that owns the group, e.g. `store` or `protocols/http`. */
  readonly module: string;
  readonly settings: SettingsGroup;
}

export interface ConfigSources {
  /** The config file's text, or why it could not be read (an errno code such as EACCES). */
  readonly file?:
    | { readonly path: string; readonly text: string }
    | { readonly path: string; readonly unreadable: string };
  readonly env: Readonly<Record<string, string | undefined>>;
}

export type SettingOrigin = 'default' | 'file' | 'environment';

export interface Config {
  /** The typed values of one module's group. */
  get<G extends SettingsGroup>(group: G): SettingsValues<G>;
  /** Where each key's value came from, for `doctor` and `config`. */
  origin(key: string): SettingOrigin;
  readonly warnings: readonly string[];
  readonly modules: readonly ModuleSettings[];
  readonly filePath: string | undefined;
}

/** Environment variables that are not settings but are read elsewhere (test harness, locale, config path). */
const NON_SETTING_ENV = /^VERCORS_(CONFIG|LOCALE|TEST_.*|WORKER_.*)$/;

export function loadConfig(modules: readonly ModuleSettings[], sources: ConfigSources): Config {
  // Problems and warnings speak the administrator's language (VERCORS_LOCALE, LANG…), French by default.
  const locale = localeFromEnvironment(sources.env);
  const say = (problem: ConfigProblem) => describeProblem(problem, locale);
  const problems: string[] = [];
  const warnings: string[] = [];
  const byKey = new Map<string, Setting<unknown>>();
  const byEnv = new Map<string, Setting<unknown>>();
  for (const { module, settings } of modules) {
    for (const setting of Object.values(settings)) {
      if (byKey.has(setting.key)) throw new Error(`setting ${setting.key} is declared twice (in ${module})`);
      byKey.set(setting.key, setting);
      byEnv.set(envNameOf(setting.key), setting);
    }
  }

  const values = new Map<string, unknown>();
  const origins = new Map<string, SettingOrigin>();
  const apply = (setting: Setting<unknown>, raw: string, where: string, origin: SettingOrigin): void => {
    try {
      values.set(setting.key, setting.parse(raw));
      origins.set(setting.key, origin);
    } catch (error) {
      const value = setting.isSecret ? say({ key: 'hidden', params: {} }) : JSON.stringify(raw);
      const message = error instanceof SettingValueError ? say(error.problem) : (error as Error).message;
      problems.push(say({ key: 'problem', params: { where, key: setting.key, value, message } }));
    }
  };

  if (sources.file && 'unreadable' in sources.file) {
    problems.push(
      say({ key: 'unreadable', params: { where: sources.file.path, code: sources.file.unreadable } }),
    );
  } else if (sources.file) {
    const parsed = parseConfigFile(sources.file.text, sources.file.path);
    problems.push(...parsed.problems.map(say));
    for (const entry of parsed.entries) {
      const setting = byKey.get(entry.key);
      if (!setting) {
        const near = suggest(entry.key, byKey);
        const suggestion = near ? say({ key: 'suggestion', params: { key: near } }) : '';
        const where = `${sources.file.path}:${entry.line}`;
        warnings.push(say({ key: 'unknownSetting', params: { where, key: entry.key, suggestion } }));
        continue;
      }
      apply(setting, entry.value, `${sources.file.path}:${entry.line}`, 'file');
    }
  }

  for (const [name, raw] of Object.entries(sources.env)) {
    if (!name.startsWith('VERCORS_') || raw === undefined) continue;
    const setting = byEnv.get(name);
    if (!setting) {
      if (!NON_SETTING_ENV.test(name)) warnings.push(say({ key: 'unknownVariable', params: { name } }));
      continue;
    }
    apply(setting, raw, say({ key: 'environment', params: { name } }), 'environment');
  }

  if (problems.length > 0) throw new ConfigError(problems);

  const cache = new Map<SettingsGroup, unknown>();
  return Object.freeze({
    warnings: Object.freeze(warnings),
    modules,
    filePath: sources.file?.path,
    origin: (key: string) => origins.get(key) ?? 'default',
    get<G extends SettingsGroup>(group: G): SettingsValues<G> {
      const cached = cache.get(group);
      if (cached) return cached as SettingsValues<G>;
      const result: Record<string, unknown> = {};
      for (const [name, setting] of Object.entries(group)) {
        if (!byKey.has(setting.key))
          throw new Error(`setting ${setting.key} was not registered with the configuration`);
        result[name] = values.has(setting.key) ? values.get(setting.key) : setting.default;
      }
      const frozen = Object.freeze(result) as SettingsValues<G>;
      cache.set(group, frozen);
      return frozen;
    },
  });
}

/** The known key closest to a mistyped one, when it is close enough to be the likely intent. */
function suggest(key: string, known: Map<string, unknown>): string | undefined {
  let best: string | undefined;
  let bestDistance = 3;
  for (const candidate of known.keys()) {
    const distance = editDistance(key, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(a: string, b: string): number {
  if (Math.abs(a.length - b.length) > 3) return 99;
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      current[j] = Math.min((previous[j] ?? 0) + 1, (current[j - 1] ?? 0) + 1, (previous[j - 1] ?? 0) + cost);
    }
    previous = current;
  }
  return previous[b.length] ?? 99;
}
